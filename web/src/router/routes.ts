// Every page of the workbench: its path, who may open it, its menu entry and its breadcrumb level.
// To add a page: a component under src/pages/, a route here with `roles`, and a test under tests/web/.
import type { RouteRecordRaw } from "vue-router";
import type { MessageKey } from "@/i18n";
import type { Role } from "@/api/types";

declare module "vue-router" {
  interface RouteMeta {
    /** Who may open the page; absent: anyone signed in. */
    roles?: Role[];
    /** The menu's and the title's words. */
    title?: MessageKey;
    /** Open without signing in. */
    public?: boolean;
    /** Which breadcrumb the page sits under: the organisation, a branch or a member. */
    level?: "organisation" | "branch" | "member";
  }
}

const placeholder = () => import("@/pages/PlaceholderPage.vue");

export const routes: RouteRecordRaw[] = [
  { path: "/signin", name: "signin", component: () => import("@/pages/SignInPage.vue"), meta: { public: true } },
  {
    path: "/",
    component: () => import("@/layout/AppShell.vue"),
    children: [
      { path: "", name: "home", component: () => import("@/pages/HomeRedirect.vue") },
      {
        path: "org",
        name: "org",
        component: placeholder,
        props: { empty: "orgEmpty" },
        meta: { roles: ["admin"], title: "orgOverview", level: "organisation" },
      },
      ...(
        [
          ["todo", "branchTodo", "todoEmpty"],
          ["meetings", "meetings", "meetingsEmpty"],
          ["service", "serviceWork", "serviceEmpty"],
          ["members", "members", "membersEmpty"],
          ["suggestions", "suggestions", "suggestionsEmpty"],
        ] as const
      ).map(
        ([area, title, empty]): RouteRecordRaw => ({
          path: `branch/:branchId/${area}`,
          name: `branch-${area}`,
          component: placeholder,
          props: { empty },
          meta: { roles: ["admin", "secretary"], title, level: "branch" },
        }),
      ),
      {
        path: "me/card",
        name: "me-card",
        component: () => import("@/pages/MyCardPage.vue"),
        meta: { roles: ["member", "secretary", "admin"], title: "myCard", level: "member" },
      },
      {
        path: "me/checkin",
        name: "me-checkin",
        component: () => import("@/pages/CheckInPage.vue"),
        meta: { roles: ["member", "secretary", "admin"], title: "checkIn", level: "member" },
      },
      {
        path: "me/suggestions",
        name: "me-suggestions",
        component: placeholder,
        props: { empty: "mySuggestionsEmpty" },
        meta: { roles: ["member", "secretary", "admin"], title: "mySuggestions", level: "member" },
      },
      { path: ":rest(.*)*", name: "not-found", component: () => import("@/pages/NotFoundPage.vue") },
    ],
  },
];
