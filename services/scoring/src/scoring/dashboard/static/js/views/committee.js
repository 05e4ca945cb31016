// Committee view (党委): every branch with its assessment, trend, 三会一课 calendar, satisfaction and suggestions.
import { all, get } from "../api.js";
import { figure, h, num, section } from "../dom.js";
import { label, t } from "../i18n.js";
import { localDay } from "../time.js";
import { whyBranch } from "../why.js";
import { bars } from "../charts/bars.js";
import { calendar } from "../charts/calendar.js";
import { radar } from "../charts/radar.js";
import { trend } from "../charts/trend.js";

const GROUPS = ["department", "worker", "member"];

/** The branches below a unit, through its general branches (党总支) if it has any, in the roster's order. */
async function branchesUnder(unitId) {
  const units = await all("roster", "/org-units", { parent_id: unitId });
  const nested = await Promise.all(
    units.map((u) => (u.kind === "branch" ? [u] : u.kind === "general_branch" ? branchesUnder(u.id) : [])),
  );
  return nested.flat();
}

export async function committeeView(unitId) {
  const [unit, branches] = await Promise.all([get("roster", `/org-units/${unitId}`), branchesUnder(unitId)]);
  const rows = await Promise.all(branches.map((b) => branchFigures(b.id)));
  const asOf = rows[0]?.assessment.as_of ?? "";
  return {
    crumbs: [[t("committee"), unit.name]],
    content: h(
      "div",
      { class: "committee" },
      h("h2", {}, unit.name, h("small", {}, ` · ${asOf}`)),
      rows.length ? h("div", { class: "grid" }, rows.map((r) => branchCard(r))) : h("p", { class: "muted" }, t("noData")),
    ),
  };
}

async function branchFigures(id) {
  const assessment = await get("scoring", `/branches/${id}/assessment`);
  const [year, month] = assessment.as_of.split("-").map(Number);
  const quarters = Array.from({ length: Math.ceil(month / 3) }, (_, i) => i + 1);
  const months = Array.from({ length: month }, (_, i) => `${year}-${String(i + 1).padStart(2, "0")}`);
  const [byQuarter, gaps, compliance, ratings, suggestions, overdue] = await Promise.all([
    Promise.all(quarters.map((q) => get("scoring", `/branches/${id}/assessment`, { quarter: q }))),
    get("activity", `/org-units/${id}/compliance/gaps`),
    Promise.all(months.map((period) => get("activity", `/org-units/${id}/compliance`, { period }))),
    get("feedback", `/branches/${id}/ratings/summary`, { period: String(year) }), // the assessment's year
    all("feedback", "/suggestions", { branch_id: id }),
    get("feedback", `/branches/${id}/suggestions/overdue`),
  ]);
  return { id, assessment, byQuarter, gaps, compliance, ratings, suggestions, overdue };
}

function branchCard(f) {
  const id = f.id;
  const a = f.assessment;
  return h(
    "article",
    { class: "branch card", "data-branch-id": id },
    h(
      "header",
      { class: "branch-head" },
      h("a", { href: `#/branch/${id}`, "data-nav": "branch", "data-branch-id": id }, a.name),
      h(
        "span",
        { class: "score" },
        `${t("total")} `,
        figure("branch-total", a.total, { "data-branch-id": id }),
        ` · ${t("stars")} `,
        figure("branch-stars", a.stars, { "data-branch-id": id }),
        h("span", { class: "stars", "aria-hidden": "true" }, "★".repeat(num(a.stars)) + "☆".repeat(5 - num(a.stars))),
        whyBranch(id),
      ),
    ),
    dimensionsBlock(id, a),
    section(t("trend"), trend(f.byQuarter.map((q, i) => ({ label: `Q${i + 1}`, value: q.total })), { title: t("trend") })),
    complianceBlock(id, f.compliance, f.gaps),
    satisfactionBlock(id, a, f.ratings),
    suggestionsBlock(id, f.suggestions, f.overdue),
  );
}

function dimensionsBlock(id, a) {
  const axes = a.dimensions.map((d) => ({ label: label(d.dimension), score: d.score, points: d.points }));
  const legend = h(
    "ul",
    { class: "legend" },
    a.dimensions.map((d) =>
      h(
        "li",
        {},
        h("span", {}, label(d.dimension)),
        " ",
        figure(`dimension-${d.dimension}`, d.score, { "data-branch-id": id }),
        h("span", { class: "muted" }, ` / ${d.points}`),
        whyBranch(id, { dimension: d.dimension }),
      ),
    ),
  );
  return section(t("dimensions"), h("div", { class: "radar-wrap" }, radar(axes, `${a.name} ${t("dimensions")}`), legend));
}

function complianceBlock(id, months, gaps) {
  const kinds = new Map();
  months.forEach((m, column) => {
    for (const item of m.items) {
      if (!kinds.has(item.kind)) kinds.set(item.kind, { label: label(item.kind), cells: months.map(() => ({ state: "none", title: "" })) });
      const state = item.missing > 0 ? "missing" : item.required > 0 ? "complete" : "none";
      const title = `${label(item.kind)} ${item.window}: ${t("held")} ${item.held} / ${t("required")} ${item.required}`;
      kinds.get(item.kind).cells[column] = { state, title };
    }
  });
  const heads = months.map((m) => String(Number(m.period.slice(5))));
  const gapList = gaps.gaps.length
    ? h("ul", { class: "gaps" }, gaps.gaps.map((g) => h("li", {}, `${label(g.kind)} ${g.period}: ${t("held")} ${g.held} / ${t("required")} ${g.required}`)))
    : h("p", { class: "muted" }, t("noGaps"));
  return section(
    t("compliance"),
    calendar([...kinds.values()], heads, t("compliance")),
    h("p", {}, `${t("gaps")}: `, figure("compliance-gaps", gaps.gaps.length, { "data-branch-id": id }), whyBranch(id, { dimension: "institutions" })),
    gapList,
  );
}

/** Per respondent group: the mean score the assessment counts (scoring's own figure, with its count). */
export function groupMeans(assessment) {
  return new Map(assessment.satisfaction.by_group.map((g) => [g.group, { mean: g.mean, count: g.count }]));
}

function satisfactionBlock(id, assessment, summary) {
  const means = groupMeans(assessment);
  const rows = GROUPS.map((group) => {
    const found = means.get(group);
    return {
      label: label(group),
      amount: found?.mean ?? 0,
      max: 100,
      value: found ? figure(`satisfaction-${group}`, found.mean, { "data-branch-id": id }) : figure("", null),
    };
  });
  const index = summary.satisfaction_index === null ? "—" : String(summary.satisfaction_index);
  return section(
    t("satisfaction"),
    bars(rows),
    h("p", { class: "muted" }, `SI ${index} · n ${summary.count}`, whyBranch(id, { dimension: "service_results" })),
  );
}

function suggestionsBlock(id, suggestions, overdue) {
  const open = suggestions.filter((x) => x.state !== "closed").length;
  const onTime = suggestions.filter((x) => x.decided_at && localDay(x.decided_at) <= x.decide_due).length;
  const item = (name, text, value) => h("li", {}, h("span", {}, text), " ", figure(name, value, { "data-branch-id": id }));
  return section(
    t("suggestions"),
    h(
      "ul",
      { class: "kpis" },
      item("suggestions-open", t("open"), open),
      item("suggestions-overdue", t("overdue"), overdue.items.length),
      item("suggestions-answered-on-time", t("answeredOnTime"), onTime),
    ),
    whyBranch(id, { dimension: "service_results" }),
  );
}
