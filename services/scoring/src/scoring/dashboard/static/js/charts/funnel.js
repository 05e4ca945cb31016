// The recruitment funnel (发展党员漏斗): stages in order, each bar centred and as wide as its count.
import { h, s, num } from "../dom.js";

/** stages: [{label, amount, value (figure element)}] */
export function funnel(stages) {
  const max = Math.max(1, ...stages.map((st) => num(st.amount) ?? 0));
  return h(
    "div",
    { class: "chart funnel" },
    stages.map((stage) => {
      const width = Math.max(2, (100 * (num(stage.amount) ?? 0)) / max);
      return h(
        "div",
        { class: "funnel-row" },
        h("span", { class: "bar-label" }, stage.label),
        s(
          "svg",
          { class: "bar", viewBox: "0 0 100 10", preserveAspectRatio: "none", "aria-hidden": "true" },
          s("rect", { class: "fill", x: ((100 - width) / 2).toFixed(2), y: 0, width: width.toFixed(2), height: 10 }),
        ),
        h("span", { class: "bar-value" }, stage.value),
      );
    }),
  );
}
