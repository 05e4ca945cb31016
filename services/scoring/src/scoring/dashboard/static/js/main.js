// The dashboard's entry: signing in, hash routing, the language switch, errors, and "ready" for tests.
import { ApiError, clearToken, get, loadConfig, setToken, token } from "./api.js";
import { h } from "./dom.js";
import { lang, setLang, t } from "./i18n.js";
import { setTimezone } from "./time.js";
import { closeWhy } from "./why.js";
import { branchView } from "./views/branch.js";
import { committeeView } from "./views/committee.js";
import { memberView } from "./views/member.js";

const VIEWS = { committee: committeeView, branch: branchView, member: memberView };
const $ = (id) => document.getElementById(id);
let rendering = 0;

function showError(error) {
  const box = $("error");
  const where = error instanceof ApiError && error.url ? ` (${error.status || "—"} ${error.url})` : "";
  box.replaceChildren(h("strong", {}, `${t("failed")}：`), `${error.message}${where}`);
  box.hidden = false;
  if (error instanceof ApiError && error.status === 401) {
    clearToken();
    askForToken();
  }
}

function askForToken() {
  $("token-form").hidden = false;
  $("token-input").focus();
}

async function firstCommittee() {
  const found = await get("roster", "/org-units", { kind: "party_committee" });
  if (!found.items.length) throw new Error(t("noData"));
  return found.items[0].id;
}

function crumbs(list) {
  $("crumbs").replaceChildren(
    ...list.map(([kind, name, href]) => h("span", { class: "crumb" }, href ? h("a", { href }, kind) : `${kind}: ${name}`)),
  );
}

async function route() {
  const ticket = ++rendering;
  delete document.body.dataset.ready;
  $("error").hidden = true;
  closeWhy();
  if (!token()) return askForToken();
  const [, kind, id] = location.hash.match(/^#\/(committee|branch|member)\/([^/]+)$/) ?? [];
  $("view").replaceChildren(h("p", { class: "muted" }, t("loading")));
  try {
    if (!kind) {
      location.replace(`#/committee/${await firstCommittee()}`);
      return;
    }
    const shown = await VIEWS[kind](id);
    if (ticket !== rendering) return;
    crumbs(shown.crumbs);
    $("view").replaceChildren(shown.content);
    document.body.dataset.ready = kind;
  } catch (error) {
    if (ticket !== rendering) return;
    $("view").replaceChildren();
    showError(error);
  }
}

function start() {
  setLang(lang());
  $("lang").addEventListener("click", () => {
    setLang(lang() === "zh" ? "en" : "zh");
    route();
  });
  $("why-close").addEventListener("click", closeWhy);
  $("token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const value = $("token-input").value.trim();
    if (!value) return;
    setToken(value);
    $("token-form").hidden = true;
    route();
  });
  window.addEventListener("hashchange", route);
  loadConfig()
    .then((config) => {
      setTimezone(config.timezone);
      return route();
    })
    .catch(showError);
}

start();
