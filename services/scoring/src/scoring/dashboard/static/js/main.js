// The dashboard's entry: the session (sign-in screen or the person's views), hash routing, the language
// switch, errors, and "ready" for tests.
import { ApiError, SignedOut } from "./api.js";
import { loadConfig } from "./config.js";
import { h } from "./dom.js";
import { lang, setLang, signInProblem, t } from "./i18n.js";
import { homeRoute, mayOpen } from "./landing.js";
import { Refused, onSessionEnded, person, resume, signOut } from "./session.js";
import { hideSignIn, initSignIn, showSignIn } from "./signin.js";
import { setTimezone } from "./time.js";
import { closeWhy } from "./why.js";
import { branchView } from "./views/branch.js";
import { committeeView } from "./views/committee.js";
import { memberView } from "./views/member.js";

const VIEWS = { committee: committeeView, branch: branchView, member: memberView };
const ROUTE = /^#\/(committee|branch|member)\/([^/]+)$/;
const $ = (id) => document.getElementById(id);
let rendering = 0;

function showError(error) {
  const box = $("error");
  const where = error instanceof ApiError && error.url ? ` (${error.status || "—"} ${error.url})` : "";
  box.replaceChildren(h("strong", {}, `${t("failed")}：`), `${error.message}${where}`);
  box.hidden = false;
}

/** Crumbs, without the links to views the person may not open. */
function crumbs(who, list) {
  const open = list.filter(([, , href]) => {
    const [, kind, id] = href?.match(ROUTE) ?? [];
    return !href || (kind && mayOpen(who, kind, id));
  });
  $("crumbs").replaceChildren(
    ...open.map(([kind, name, href]) => h("span", { class: "crumb" }, href ? h("a", { href }, kind) : `${kind}: ${name}`)),
  );
}

async function route() {
  const ticket = ++rendering;
  delete document.body.dataset.ready;
  $("error").hidden = true;
  closeWhy();
  const who = person();
  if (!who) return;
  const [, kind, id] = location.hash.match(ROUTE) ?? [];
  $("branch-switch").value = kind === "branch" ? id : "";
  $("view").replaceChildren(h("p", { class: "muted" }, t("loading")));
  try {
    if (!kind || !mayOpen(who, kind, id)) {
      location.replace(await homeRoute(who));
      return;
    }
    const shown = await VIEWS[kind](id);
    if (ticket !== rendering) return;
    crumbs(who, shown.crumbs);
    $("view").replaceChildren(shown.content);
    document.body.dataset.ready = kind;
  } catch (error) {
    if (ticket !== rendering) return;
    $("view").replaceChildren();
    if (error instanceof SignedOut) {
      if (!person()) leave();
      return;
    }
    showError(error);
  }
}

/** The header for the signed-in person: name, role, a secretary's branches, 退出登录. */
function showPerson(who) {
  $("who-name").textContent = who.name;
  $("who-role").dataset.i18n = `role_${who.role}`;
  $("who-role").textContent = t(`role_${who.role}`);
  const switcher = $("branch-switch");
  switcher.replaceChildren(h("option", { value: "", disabled: true, "data-i18n": "switchBranch" }, t("switchBranch")), ...who.branches.map((b) => h("option", { value: b.id }, b.name)));
  switcher.hidden = who.role !== "secretary" || who.branches.length < 2;
  $("who").hidden = false;
  $("sign-out").hidden = false;
}

function enter(who) {
  hideSignIn();
  showPerson(who);
  document.body.dataset.signedIn = who.role;
  route();
}

/** Back to the sign-in screen, with `message` beside the form; nothing of the last person stays on the page. */
function leave(message = "") {
  rendering += 1;
  delete document.body.dataset.ready;
  closeWhy();
  $("view").replaceChildren();
  $("crumbs").replaceChildren();
  $("error").hidden = true;
  for (const id of ["who", "sign-out", "branch-switch"]) $(id).hidden = true;
  showSignIn(message);
}

async function signOutClicked() {
  $("sign-out").disabled = true;
  try {
    await signOut();
  } catch {} // the token is forgotten already; the cookie's session ends when roster is reached again
  $("sign-out").disabled = false;
  history.replaceState(null, "", location.pathname);
  leave();
}

/** `?signin_error=<code>`: how signing in through the identity provider failed; taken off the address. */
function providerProblem() {
  const params = new URLSearchParams(location.search);
  const code = params.get("signin_error");
  if (!code) return "";
  params.delete("signin_error");
  history.replaceState(null, "", `${location.pathname}${params.size ? `?${params}` : ""}${location.hash}`);
  return signInProblem(code);
}

async function start() {
  setLang(lang());
  $("lang").addEventListener("click", () => {
    setLang(lang() === "zh" ? "en" : "zh");
    route();
  });
  $("why-close").addEventListener("click", closeWhy);
  $("sign-out").addEventListener("click", signOutClicked);
  $("branch-switch").addEventListener("change", (event) => {
    if (event.target.value) location.hash = `#/branch/${event.target.value}`;
  });
  window.addEventListener("hashchange", route);
  onSessionEnded((error) => leave(error.message));
  const problem = providerProblem();
  try {
    setTimezone((await loadConfig()).timezone);
  } catch (error) {
    return showError(error);
  }
  initSignIn(enter);
  $("view").replaceChildren(h("p", { class: "muted" }, t("loading")));
  try {
    const who = await resume();
    return who ? enter(who) : leave(problem);
  } catch (error) {
    leave(error instanceof Refused ? error.message : `${t("unreachable")}（${error.message}）`);
  }
}

start();
