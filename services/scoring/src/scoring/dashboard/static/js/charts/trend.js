// A small line chart of totals over periods (the year's quarters so far).
import { s, num } from "../dom.js";

const W = 240;
const H = 90;
const PAD = 18;

/** points: [{label, value}] with values on a 0–max scale */
export function trend(points, { max = 110, title = "" } = {}) {
  const step = points.length > 1 ? (W - 2 * PAD) / (points.length - 1) : 0;
  const xy = points.map((p, i) => [PAD + i * step, H - PAD - ((H - 2 * PAD) * (num(p.value) ?? 0)) / max]);
  return s(
    "svg",
    { class: "chart trend", viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": title },
    s("title", {}, title),
    s("line", { class: "grid", x1: PAD, y1: H - PAD, x2: W - PAD, y2: H - PAD }),
    s("polyline", { class: "value", points: xy.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(" ") }),
    ...points.flatMap((p, i) => [
      s("circle", { cx: xy[i][0], cy: xy[i][1], r: 3 }),
      s("text", { x: xy[i][0], y: xy[i][1] - 6, "text-anchor": "middle" }, String(p.value)),
      s("text", { x: xy[i][0], y: H - 4, "text-anchor": "middle", class: "axis" }, p.label),
    ]),
  );
}
