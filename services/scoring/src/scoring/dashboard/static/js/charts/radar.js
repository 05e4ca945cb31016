// A radar (雷达图) of the six 六有 dimensions: each axis is score / points.
import { s, num } from "../dom.js";

const SIZE = 260;
const CENTER = SIZE / 2;
const RADIUS = 80;

function point(index, count, share) {
  const angle = -Math.PI / 2 + (2 * Math.PI * index) / count;
  return [CENTER + RADIUS * share * Math.cos(angle), CENTER + RADIUS * share * Math.sin(angle)];
}

const polygon = (points) => points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(" ");

/** axes: [{label, score, points}] */
export function radar(axes, title) {
  const n = axes.length;
  const rings = [0.25, 0.5, 0.75, 1].map((share) =>
    s("polygon", { class: "grid", points: polygon(axes.map((_, i) => point(i, n, share))) }),
  );
  const spokes = axes.map((_, i) => {
    const [x, y] = point(i, n, 1);
    return s("line", { class: "grid", x1: CENTER, y1: CENTER, x2: x, y2: y });
  });
  const shares = axes.map((a) => (num(a.points) ? Math.max(0, Math.min(1, num(a.score) / num(a.points))) : 0));
  const shape = s("polygon", { class: "value", points: polygon(shares.map((v, i) => point(i, n, v))) });
  const labels = axes.map((a, i) => {
    const [x, y] = point(i, n, 1.22);
    return s("text", { x, y, "text-anchor": "middle", "dominant-baseline": "middle" }, a.label);
  });
  return s(
    "svg",
    { class: "chart radar", viewBox: `0 0 ${SIZE} ${SIZE}`, role: "img", "aria-label": title },
    s("title", {}, title),
    ...rings,
    ...spokes,
    shape,
    ...labels,
  );
}
