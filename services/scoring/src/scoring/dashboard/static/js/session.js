// The signed-in person. The access token lives only in this page's memory (never in storage); the session
// is roster's HttpOnly cookie, which this page cannot read and sends only to its own origin. A reload
// resumes the session with POST /auth/refresh, and the token is renewed shortly before it expires.
import { urlOf } from "./config.js";

const RETRY_SECONDS = 15; // a renewal that could not reach roster is tried again this soon
let current = null; // { token, person, expiresAt (ms) }
let timer = null;
let renewing = null;
let ended = () => {};

export const accessToken = () => current?.token ?? null;
export const person = () => current?.person ?? null;

/** Called when the session ends without the person asking (renewal refused, or it expired). */
export const onSessionEnded = (callback) => {
  ended = callback;
};

/** Roster refused: `code` is the API's (`invalid_credentials`, `account_locked` …), `message` its Chinese text. */
export class Refused extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function post(path, body) {
  const url = urlOf("roster", path);
  if (!url) throw new Refused(0, "no_roster", "config.json: roster?");
  const answer = await fetch(url, {
    method: "POST",
    credentials: "same-origin",
    cache: "no-store",
    headers: body ? { "Content-Type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  if (answer.ok) return answer.status === 204 ? null : answer.json();
  let problem = {};
  try {
    problem = await answer.json();
  } catch {}
  const message = typeof problem.message === "string" ? problem.message : `${answer.status}`;
  throw new Refused(answer.status, problem.error ?? problem.code ?? "", message);
}

function keep(session) {
  const seconds = Number(session.expires_in) || 60;
  current = { token: session.access_token, person: session.person, expiresAt: Date.now() + seconds * 1000 };
  // Renew a minute before it expires (half-way through for tokens shorter than two minutes).
  schedule(Math.max(seconds / 2, seconds - 60));
  return current.person;
}

function schedule(seconds) {
  clearTimeout(timer);
  timer = setTimeout(() => renew().catch(() => {}), seconds * 1000);
}

function forget() {
  clearTimeout(timer);
  timer = null;
  current = null;
}

export async function signIn(username, password) {
  return keep(await post("/auth/login", { username, password }));
}

/** The forced first change (or after a reset): the new password, then signed in. */
export async function changePassword(username, currentPassword, newPassword) {
  return keep(await post("/auth/password", { username, current_password: currentPassword, new_password: newPassword }));
}

/** The session of the cookie, if it is still alive (after a reload, or back from the identity provider). */
export async function resume() {
  try {
    return keep(await post("/auth/refresh"));
  } catch (error) {
    if (error instanceof Refused && error.status === 401) return null;
    throw error;
  }
}

/** A new token for the session (one request at a time); false once the session has ended. */
export function renew() {
  renewing ??= (async () => {
    try {
      keep(await post("/auth/refresh"));
      return true;
    } catch (error) {
      if (error instanceof Refused && error.status >= 400 && error.status < 500) {
        forget();
        ended(error);
        return false;
      }
      // Roster out of reach: keep the token while it lasts, and try again.
      if (current && current.expiresAt > Date.now()) schedule(RETRY_SECONDS);
      throw error;
    } finally {
      renewing = null;
    }
  })();
  return renewing;
}

export async function signOut() {
  forget();
  await post("/auth/logout");
}
