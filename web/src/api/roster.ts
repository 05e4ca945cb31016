// Roster's API (/api/roster): the organisation, its members, accounts. Signing in is in src/session.
import { serviceClient } from "./client";
import type { OrgUnit, Page } from "./types";

export const roster = serviceClient("roster");

export async function partyCommittee(): Promise<OrgUnit | null> {
  const found = await roster.get<Page<OrgUnit>>("/org-units", { kind: "party_committee" });
  return found.items[0] ?? null;
}

export function orgUnit(id: string): Promise<OrgUnit> {
  return roster.get<OrgUnit>(`/org-units/${id}`);
}
