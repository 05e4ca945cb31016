// Horizontal bars: one row per item, the bar in SVG, the figure beside it as text.
import { h, s, num } from "../dom.js";

/** rows: [{label, value (the figure element or text), amount, max}] */
export function bars(rows, { className = "" } = {}) {
  const max = Math.max(1, ...rows.map((r) => num(r.max ?? r.amount) ?? 0));
  return h(
    "div",
    { class: `chart bars ${className}` },
    rows.map((row) => {
      const width = Math.max(0, (100 * (num(row.amount) ?? 0)) / max);
      return h(
        "div",
        { class: "bar-row" },
        h("span", { class: "bar-label" }, row.label),
        s(
          "svg",
          { class: "bar", viewBox: "0 0 100 10", preserveAspectRatio: "none", "aria-hidden": "true" },
          s("rect", { class: "track", x: 0, y: 0, width: 100, height: 10 }),
          s("rect", { class: "fill", x: 0, y: 0, width: width.toFixed(2), height: 10 }),
        ),
        h("span", { class: "bar-value" }, row.value),
      );
    }),
  );
}
