// Where a person lands and which views they may open: the committee on the organisation, a secretary on
// their branch (and its members), a member on their own card. The APIs refuse the rest; the page does not
// even try, so nobody meets a 403 on arrival.
import { get } from "./api.js";
import { t } from "./i18n.js";

async function firstCommittee() {
  const found = await get("roster", "/org-units", { kind: "party_committee" });
  if (!found.items.length) throw new Error(t("noData"));
  return found.items[0].id;
}

/** The hash route of the person's home: `#/committee/…`, `#/branch/<their first branch>` or `#/member/<self>`. */
export async function homeRoute(person) {
  if (person.home === "branch" && person.branches.length) return `#/branch/${person.branches[0].id}`;
  if (person.home === "self" && person.member_id) return `#/member/${person.member_id}`;
  if (person.role === "admin") return `#/committee/${await firstCommittee()}`;
  throw new Error(t("nothingToShow"));
}

/** Whether the person may open a view. A secretary's member pages are checked by the API (the member's branch). */
export function mayOpen(person, kind, id) {
  if (person.role === "admin") return true;
  if (person.role === "secretary") return kind === "member" || (kind === "branch" && person.branches.some((b) => b.id === id));
  return kind === "member" && id === person.member_id;
}
