// Where each person lands: the committee on the organisation (组织概览), a secretary on their branch's
// to-do list (本支部待办), a member on their own score card (我的积分). Roster says which (`home`).
import type { Person } from "@/api/types";
import type { RouteLocationRaw } from "vue-router";

export function homeOf(person: Person): RouteLocationRaw {
  const branch = person.branches[0];
  if (person.home === "branch" && branch) return { name: "branch-todo", params: { branchId: branch.id } };
  if (person.home === "organisation") return { name: "org" };
  return { name: "me-card" };
}

/** Whether the person may open a page for `branchId` (the committee: any; a secretary: their own). */
export function mayOpenBranch(person: Person, branchId: string): boolean {
  return person.role === "admin" || person.branches.some((branch) => branch.id === branchId);
}
