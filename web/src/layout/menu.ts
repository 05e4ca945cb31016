// The left menu (desktop) and the bottom bar (members on a phone): only what the person's role may open.
import type { RouteLocationRaw } from "vue-router";
import type { Person } from "@/api/types";
import type { MessageKey } from "@/i18n";

export interface MenuEntry {
  key: string;
  title: MessageKey;
  to: RouteLocationRaw;
}

const BRANCH_AREAS = [
  ["todo", "branchTodo"],
  ["meetings", "meetings"],
  ["service", "serviceWork"],
  ["members", "members"],
  ["suggestions", "suggestions"],
] as const;

const OWN_AREAS = [
  ["me-card", "myCard"],
  ["me-checkin", "checkIn"],
  ["me-suggestions", "mySuggestions"],
] as const;

export function menuOf(person: Person, branchId: string | null): MenuEntry[] {
  const entries: MenuEntry[] = [];
  if (person.role === "admin") entries.push({ key: "org", title: "orgOverview", to: { name: "org" } });
  const branch = branchId ?? person.branches[0]?.id ?? null;
  if (person.role !== "member" && branch) {
    for (const [area, title] of BRANCH_AREAS) {
      entries.push({ key: `branch-${area}`, title, to: { name: `branch-${area}`, params: { branchId: branch } } });
    }
  }
  if (person.member_id) {
    for (const [name, title] of OWN_AREAS) entries.push({ key: name, title, to: { name } });
  }
  return entries;
}

/** The member's bottom bar on a phone: 首页 / 签到 / 我的积分 / 意见建议. */
export const BOTTOM_BAR: MenuEntry[] = [
  { key: "home", title: "home", to: { name: "home" } },
  { key: "me-checkin", title: "checkIn", to: { name: "me-checkin" } },
  { key: "me-card", title: "myCard", to: { name: "me-card" } },
  { key: "me-suggestions", title: "suggestions", to: { name: "me-suggestions" } },
];
