// Member view (党员): the year's score card and the points ledger behind it.
import { get } from "../api.js";
import { figure, h, section } from "../dom.js";
import { label, t } from "../i18n.js";
import { localTime } from "../time.js";
import { whyMember } from "../why.js";
import { bars } from "../charts/bars.js";

export async function memberView(memberId) {
  const [card, ledger] = await Promise.all([
    get("scoring", `/members/${memberId}/score-card`),
    get("scoring", `/members/${memberId}/ledger`, { page_size: 200 }),
  ]);
  return {
    crumbs: [[t("branch"), "…", `#/branch/${card.branch_id}`], [t("member"), card.name]],
    content: h("div", { class: "member-view" }, h("h2", {}, card.name, h("small", {}, ` · ${card.stage ? label(card.stage) : "—"} · ${card.year} · ${card.as_of}`)), h("div", { class: "grid" }, cardBlock(memberId, card), ledgerBlock(memberId, ledger))),
  };
}

function cardBlock(id, card) {
  const parts = [
    { label: t("base"), amount: card.base_counted, max: card.base, value: h("span", {}, `${card.base_counted} / ${card.base}`) },
    { label: t("service"), amount: card.service.counted, max: card.service.cap, value: h("span", {}, `${card.service.counted} / ${card.service.cap}`) },
    { label: "满意度 / SI", amount: card.satisfaction.points, max: 10, value: h("span", {}, String(card.satisfaction.points)) },
    { label: t("honours"), amount: card.honours.counted, max: card.honours.cap, value: h("span", {}, `${card.honours.counted} / ${card.honours.cap}`) },
  ];
  const ledgerLink = h("a", {
    href: `#/member/${id}`,
    "data-nav": "ledger",
    onclick: (event) => {
      event.preventDefault();
      const target = document.getElementById("ledger");
      target.hidden = false;
      target.scrollIntoView({ behavior: "smooth", block: "start" });
    },
  }, t("showLedger"));
  return section(
    t("scoreCard"),
    h("p", { class: "big" }, `${t("total")} `, figure("card-total", card.total, { "data-member-id": id }), whyMember(id)),
    h("p", {}, `${t("band")}: `, h("span", { class: "figure", "data-figure": "card-band", "data-member-id": id }, card.band ?? ""), h("span", { class: "muted" }, card.band ? ` ${label(card.band)}` : ` ${t("none")}`), card.alert ? h("span", { class: "alert" }, " !") : ""),
    appraisalLine(card.appraisal),
    h("p", {}, `${t("rank")}: ${card.rank ?? "—"} / ${card.rank_of} · ${t("deductions")}: ${card.deductions.total}`),
    bars(parts),
    h("p", {}, ledgerLink),
  );
}

/** The grade the branch decided (民主评议结果), beside the suggested band: the score only nominates. */
function appraisalLine(appraisal) {
  if (!appraisal) return h("p", {}, `${t("appraisal")}: `, h("span", { class: "muted" }, t("notAppraised")));
  return h("p", {}, `${t("appraisal")}: `, h("strong", { "data-appraisal": appraisal.grade }, label(appraisal.grade)), h("span", { class: "muted" }, ` · ${appraisal.held_on}`));
}

function ledgerBlock(id, ledger) {
  const rows = ledger.items.map((e) =>
    h(
      "tr",
      { "data-ledger-entry": e.entry_id, class: e.kind },
      h("td", {}, localTime(e.occurred_at)),
      h("td", {}, e.category),
      h("td", { class: "num" }, String(e.delta)),
      h("td", {}, e.note),
    ),
  );
  const block = section(
    t("ledger"),
    h("p", {}, `${t("ledgerCount")}: `, figure("ledger-count", ledger.items.length, { "data-member-id": id }), h("span", { class: "muted" }, ` / ${ledger.total}`)),
    h("table", { class: "ledger" }, h("tbody", {}, rows)),
  );
  block.id = "ledger";
  return block;
}
