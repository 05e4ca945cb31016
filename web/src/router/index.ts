// The router: a page that needs a person resumes the session first (the cookie survives a reload), sends
// nobody to a page their role may not open, and goes to the sign-in page when there is no session.
import { createRouter, createWebHistory } from "vue-router";
import { person, resume } from "@/session";
import { homeOf, mayOpenBranch } from "./home";
import { routes } from "./routes";

export const router = createRouter({ history: createWebHistory(), routes });

let resumed = false;

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  if (!person.value && !resumed) {
    resumed = true;
    try {
      await resume();
    } catch {
      // roster out of reach: the sign-in page says so when the person tries
    }
  }
  const who = person.value;
  if (!who) {
    const error = to.query.signin_error; // back from the identity provider, which did not sign them in
    if (typeof error === "string") return { name: "signin", query: { signin_error: error } };
    return { name: "signin", query: to.fullPath === "/" ? {} : { next: to.fullPath } };
  }
  if (to.name === "home") return homeOf(who);
  if (to.meta.roles && !to.meta.roles.includes(who.role)) return homeOf(who);
  const branchId = to.params.branchId;
  if (typeof branchId === "string" && !mayOpenBranch(who, branchId)) return homeOf(who);
  return true;
});

/** After signing out, or when the session ended, the next page resumes nothing. */
export function forgetResume(): void {
  resumed = true;
}
