// "Why?" (为什么): a button beside each figure that opens the explanation the API gives, in #why-panel.
import { h } from "./dom.js";
import { get } from "./api.js";
import { t, label } from "./i18n.js";

const panel = () => document.getElementById("why-panel");

export function closeWhy() {
  panel().hidden = true;
}

function show(title, content) {
  document.getElementById("why-title").textContent = title;
  document.getElementById("why-body").replaceChildren(content);
  panel().hidden = false;
  panel().focus?.();
}

/** A value of an explanation as readable text: numbers and strings as given, lists and objects nested. */
function tree(value, depth = 0) {
  if (value === null || value === undefined) return h("span", { class: "muted" }, "—");
  if (typeof value !== "object" || value instanceof Number) return h("span", {}, String(value));
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i + 1), v]) : Object.entries(value);
  if (entries.length === 0) return h("span", { class: "muted" }, t("none"));
  const list = h("dl", { class: "tree" }, entries.flatMap(([k, v]) => [h("dt", {}, label(k)), h("dd", {}, tree(v, depth + 1))]));
  return depth >= 1 && entries.length > 6 ? h("details", {}, h("summary", {}, `${entries.length}…`), list) : list;
}

function indicatorRows(indicators) {
  return h(
    "table",
    { class: "why-table" },
    h("tr", {}, h("th", {}, "指标 / indicator"), h("th", {}, "value / target"), h("th", {}, "score / points")),
    indicators.map((i) =>
      h(
        "tr",
        {},
        h("td", {}, h("strong", {}, i.label_zh), h("div", { class: "muted" }, i.note), h("details", {}, h("summary", {}, t("explain")), tree({ rule: i.rule, facts: i.facts }))),
        h("td", {}, `${i.value ?? "—"} / ${i.target}`),
        h("td", {}, `${i.score} / ${i.points}`),
      ),
    ),
  );
}

/** Why a branch scored what it did; `dimension` narrows it to one of the 六有. */
export function whyBranch(branchId, { dimension = null, quarter = null } = {}) {
  return whyButton(async () => {
    const found = await get("scoring", `/branches/${branchId}/assessment/explain`, { quarter });
    const indicators = found.indicators.filter((i) => !dimension || i.dimension === dimension);
    const summary = h("p", {}, `${t("total")} ${found.total} · ${t("stars")} ${found.stars}`, found.cap_applied ? ` (${found.cap_applied})` : "");
    const rest = dimension ? [] : [h("h4", {}, "bonus / deductions / stars"), tree({ bonus: found.bonus, deductions: found.deductions, star_thresholds: found.star_thresholds })];
    return [`${found.name}${dimension ? ` · ${label(dimension)}` : ""}`, h("div", {}, summary, indicatorRows(indicators), ...rest)];
  });
}

/** Why a member's card totals what it does (every ledger entry behind it). */
export function whyMember(memberId) {
  return whyButton(async () => {
    const found = await get("scoring", `/members/${memberId}/score-card/explain`);
    const parts = ["attendance", "unpaid_dues", "learning", "service", "satisfaction", "honours", "veto"];
    const body = h("div", {}, h("p", {}, `${t("total")} ${found.total} = ${t("base")} ${found.base_counted} + …`), ...parts.map((p) => h("details", {}, h("summary", {}, p), tree(found[p]))));
    return [found.name, body];
  });
}

function whyButton(load) {
  return h("button", {
    type: "button",
    class: "why",
    "data-why": "",
    onclick: async (event) => {
      const button = event.currentTarget;
      button.disabled = true;
      try {
        const [title, content] = await load();
        show(title, content);
      } catch (error) {
        show(t("failed"), h("p", { class: "error-text" }, error.message));
      } finally {
        button.disabled = false;
      }
    },
  }, t("why"));
}
