// Branch view (支部): members' scores and ranks, the membership's structure, the pipeline, activities.
import { all, get } from "../api.js";
import { figure, h, num, section } from "../dom.js";
import { label, t } from "../i18n.js";
import { localTime } from "../time.js";
import { whyBranch } from "../why.js";
import { bars } from "../charts/bars.js";
import { funnel } from "../charts/funnel.js";

const STAGES = ["applicant", "activist", "candidate", "probationary", "full"];
const EDUCATION = ["primary", "junior_secondary", "senior_secondary", "vocational_college", "bachelor", "master", "doctorate"];

export async function branchView(branchId) {
  const [unit, ranking, stats, overdue, activities] = await Promise.all([
    get("roster", `/org-units/${branchId}`),
    get("scoring", `/branches/${branchId}/ranking`),
    get("roster", `/org-units/${branchId}/statistics`),
    get("roster", `/org-units/${branchId}/overdue-steps`),
    get("activity", "/activities", { branch_id: branchId, page_size: 50 }),
  ]);
  const committeeId = unit.ancestor_ids[0];
  return {
    crumbs: [committeeId ? [t("committee"), "…", `#/committee/${committeeId}`] : null, [t("branch"), unit.name]].filter(Boolean),
    content: h(
      "div",
      { class: "branch-view" },
      h("h2", {}, unit.name, h("small", {}, ` · ${ranking.year} · ${ranking.as_of}`)),
      h(
        "div",
        { class: "grid" },
        structureBlock(branchId, stats),
        pipelineBlock(branchId, stats, overdue),
        rankingBlock(branchId, ranking),
        activitiesBlock(activities.items),
      ),
    ),
  };
}

const decadeOrder = (key) => Number.parseInt(key, 10) || (key.startsWith("2010") ? 2010 : 0);

function structureBlock(id, stats) {
  const decades = Object.entries(stats.birth_decades).sort(([a], [b]) => decadeOrder(a) - decadeOrder(b));
  const decadeRows = decades.map(([decade, share]) => ({
    label: decade,
    amount: share.count,
    value: figure(`birth-decade-${decade}`, share.count, { "data-branch-id": id }),
  }));
  const education = EDUCATION.filter((level) => level in stats.education).map((level) => ({
    label: label(level),
    amount: stats.education[level],
    value: h("span", {}, String(stats.education[level])),
  }));
  return section(
    t("memberCount"),
    h("p", { class: "big" }, figure("member-count", stats.party_members, { "data-branch-id": id }), whyBranch(id, { dimension: "backbone_team" })),
    h("h4", {}, t("birthDecades")),
    bars(decadeRows),
    h("h4", {}, t("education")),
    bars(education),
    h("p", {}, `${t("bachelorShare")}: `, figure("bachelor-or-above-share", stats.bachelor_or_above.share, { "data-branch-id": id }), h("span", { class: "muted" }, ` (${(num(stats.bachelor_or_above.share) * 100).toFixed(1)}%)`)),
  );
}

function pipelineBlock(id, stats, overdue) {
  const stages = STAGES.map((stage) => ({
    label: label(stage),
    amount: stats.pipeline[stage] ?? 0,
    value: figure(`pipeline-${stage}`, stats.pipeline[stage] ?? 0, { "data-branch-id": id }),
  }));
  return section(
    t("pipeline"),
    funnel(stages),
    h("p", {}, `${t("overdueSteps")}: `, figure("overdue-steps", overdue.length, { "data-branch-id": id }), whyBranch(id, { dimension: "backbone_team" })),
    h("ul", { class: "gaps" }, overdue.map((step) => h("li", {}, `${step.member_name} · ${label(step.kind)} · ${step.due_on} (+${step.days_overdue})`))),
  );
}

function rankingBlock(id, ranking) {
  const rows = ranking.people.map((p) =>
    h(
      "tr",
      { "data-member-id": p.member_id },
      h("td", {}, figure("member-rank", p.rank, { "data-member-id": p.member_id })),
      h("td", {}, h("a", { href: `#/member/${p.member_id}`, "data-nav": "member", "data-member-id": p.member_id }, p.name)),
      h("td", {}, label(p.stage)),
      h("td", { class: "num" }, figure("member-total", p.total, { "data-member-id": p.member_id })),
      h("td", {}, p.band ? label(p.band) : "", p.alert ? h("span", { class: "alert" }, " !") : ""),
    ),
  );
  const head = h("tr", {}, ["rank", "name", "stage", "total", "band"].map((key) => h("th", {}, t(key))));
  const table = h("table", { class: "ranking" }, h("thead", {}, head), h("tbody", {}, rows));
  return section(t("ranking"), h("div", { class: "table-wrap" }, table), pipelineTable(ranking.pipeline ?? []));
}

// Applicants, activists and candidates: listed apart with their totals and alerts, never ranked (domain.md §3).
function pipelineTable(people) {
  if (!people.length) return "";
  const rows = people.map((p) =>
    h(
      "tr",
      { "data-member-id": p.member_id },
      h("td", {}, h("a", { href: `#/member/${p.member_id}`, "data-nav": "member", "data-member-id": p.member_id }, p.name)),
      h("td", {}, label(p.stage)),
      h("td", { class: "num" }, figure("member-total", p.total, { "data-member-id": p.member_id })),
      h("td", {}, p.alert ? h("span", { class: "alert" }, "!") : ""),
    ),
  );
  const head = h("tr", {}, ["name", "stage", "total", "alert"].map((key) => h("th", {}, t(key))));
  return h("div", { class: "table-wrap" }, h("h4", {}, t("notRanked")), h("table", { class: "pipeline-list" }, h("thead", {}, head), h("tbody", {}, rows)));
}

function activitiesBlock(items) {
  const line = items.map((a) =>
    h("li", { class: `state-${a.state}` }, h("time", {}, localTime(a.held_start ?? a.planned_start)), " ", h("strong", {}, a.title), h("span", { class: "muted" }, ` · ${label(a.kind)} · ${a.state}`)),
  );
  return section(t("activities"), items.length ? h("ol", { class: "timeline" }, line) : h("p", { class: "muted" }, t("noData")));
}
