// The sign-in screen: username and password (and the enterprise's identity provider when roster has one),
// the forced change of an initial password, and roster's refusals in its own words next to the form.
import { urlOf } from "./config.js";
import { t } from "./i18n.js";
import { Refused, changePassword, signIn } from "./session.js";

const $ = (id) => document.getElementById(id);
let signedIn = () => {};
let asked = ""; // the username that must change its password

function refuse(box, message) {
  box.textContent = message;
  box.hidden = !message;
}

function showForm(which) {
  $("sign-in-form").hidden = which !== "sign-in";
  $("password-form").hidden = which !== "password";
}

/** The sign-in screen, with `message` (a refusal, or why the session ended) next to the form. */
export function showSignIn(message = "") {
  document.body.dataset.signedIn = "no";
  $("sign-in").hidden = false;
  showForm("sign-in");
  $("password").value = "";
  refuse($("sign-in-error"), message);
  $("username").focus();
}

export function hideSignIn() {
  $("sign-in").hidden = true;
  for (const id of ["password", "current-password", "new-password", "confirm-password"]) $(id).value = "";
  refuse($("sign-in-error"), "");
  refuse($("password-error"), "");
}

async function attempt(form, box, call) {
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  refuse(box, "");
  try {
    signedIn(await call());
  } catch (error) {
    if (error instanceof Refused && error.code === "password_change_required") return askForNewPassword();
    refuse(box, error instanceof Refused ? error.message : `${t("unreachable")}（${error.message}）`);
  } finally {
    button.disabled = false;
  }
}

function askForNewPassword() {
  asked = $("username").value.trim();
  $("password-username").value = asked; // for password managers, which save the new password under it
  $("current-password").value = $("password").value;
  showForm("password");
  refuse($("password-error"), "");
  $("new-password").focus();
}

/** Where the identity provider's button leads: roster's redirect, then back to this page as it is now. */
function providerSignIn() {
  const next = `${location.pathname}${location.hash}`;
  location.assign(urlOf("roster", "/auth/oidc/login", { next }));
}

async function offerProvider() {
  const url = urlOf("roster", "/auth/config");
  if (!url) return;
  try {
    const answer = await fetch(url);
    const options = answer.ok ? await answer.json() : {};
    const button = $("oidc");
    button.hidden = !options.oidc;
    if (options.oidc_label) {
      delete button.dataset.i18n; // the provider's own name, in any language
      button.textContent = options.oidc_label;
    }
  } catch {} // the password form works without it
}

/** Wire the forms; `onSignedIn(person)` runs after every successful sign-in. */
export function initSignIn(onSignedIn) {
  signedIn = onSignedIn;
  $("sign-in-form").addEventListener("submit", (event) => {
    event.preventDefault();
    attempt($("sign-in-form"), $("sign-in-error"), () => signIn($("username").value.trim(), $("password").value));
  });
  $("password-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const next = $("new-password").value;
    if (next !== $("confirm-password").value) return refuse($("password-error"), t("passwordsDiffer"));
    attempt($("password-form"), $("password-error"), () => changePassword(asked, $("current-password").value, next));
  });
  $("password-back").addEventListener("click", () => showSignIn());
  $("oidc").addEventListener("click", providerSignIn);
  offerProvider();
}
