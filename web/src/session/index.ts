// The signed-in person. The access token lives only in memory (never in storage); the session is roster's
// HttpOnly `bastion_session` cookie, which the page cannot read and the browser sends only to this origin.
// A reload resumes the session with POST /auth/refresh; the token is renewed a minute before it lapses.
import { shallowRef } from "vue";
import { refusalOf, Refusal, type ProblemBody } from "@/api/refusal";
import type { Person, SessionAnswer, SignInOptions } from "@/api/types";

const AUTH = "/api/roster/auth";
const RETRY_SECONDS = 15; // a renewal that could not reach roster is tried again this soon

/** Who is signed in (null: nobody). Pages read it; only this module writes it. */
export const person = shallowRef<Person | null>(null);

let token: string | null = null;
let expiresAt = 0;
let timer: ReturnType<typeof setTimeout> | undefined;
let renewing: Promise<boolean> | null = null;
let ended: (refusal: Refusal) => void = () => {};

export const accessToken = (): string | null => token;

/** Called when the session ends without the person asking (renewal refused). */
export function onSessionEnded(callback: (refusal: Refusal) => void): void {
  ended = callback;
}

async function post(path: string, body?: object): Promise<SessionAnswer | null> {
  const answer = await fetch(`${AUTH}${path}`, {
    method: "POST",
    credentials: "same-origin",
    cache: "no-store",
    headers: body ? { "Content-Type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  if (answer.ok) return answer.status === 204 ? null : ((await answer.json()) as SessionAnswer);
  let problem: ProblemBody | null = null;
  try {
    problem = (await answer.json()) as ProblemBody;
  } catch {
    // not JSON: the status says it
  }
  throw refusalOf(answer.status, problem, String(answer.status));
}

function keep(answer: SessionAnswer | null): Person {
  if (answer === null) throw new Refusal(500, "no_session", "");
  const seconds = Number(answer.expires_in) || 60;
  token = answer.access_token;
  expiresAt = Date.now() + seconds * 1000;
  person.value = answer.person;
  schedule(Math.max(seconds / 2, seconds - 60));
  return answer.person;
}

function schedule(seconds: number): void {
  clearTimeout(timer);
  timer = setTimeout(() => void renew().catch(() => undefined), seconds * 1000);
}

function forget(): void {
  clearTimeout(timer);
  timer = undefined;
  token = null;
  person.value = null;
}

export async function signIn(username: string, password: string): Promise<Person> {
  return keep(await post("/login", { username, password }));
}

/** The forced change of an initial or reset password; signed in after it. */
export async function changePassword(username: string, current: string, next: string): Promise<Person> {
  return keep(await post("/password", { username, current_password: current, new_password: next }));
}

/** The cookie's session if it is still alive (after a reload, or back from the identity provider). */
export async function resume(): Promise<Person | null> {
  try {
    return keep(await post("/refresh"));
  } catch (error) {
    if (error instanceof Refusal && error.status === 401) return null;
    throw error;
  }
}

/** A new token (one request at a time); false once the session has ended. */
export function renew(): Promise<boolean> {
  renewing ??= (async () => {
    try {
      keep(await post("/refresh"));
      return true;
    } catch (error) {
      if (error instanceof Refusal && error.status >= 400 && error.status < 500) {
        forget();
        ended(error);
        return false;
      }
      if (token !== null && expiresAt > Date.now()) schedule(RETRY_SECONDS); // roster out of reach
      throw error;
    } finally {
      renewing = null;
    }
  })();
  return renewing;
}

export async function signOut(): Promise<void> {
  forget();
  await post("/logout");
}

/** Whether roster offers the enterprise identity provider, and what its button says. */
export async function signInOptions(): Promise<SignInOptions> {
  try {
    const answer = await fetch(`${AUTH}/config`);
    if (answer.ok) return (await answer.json()) as SignInOptions;
  } catch {
    // the password form works without it
  }
  return { password: true, oidc: false, oidc_label: null };
}

/** Where the identity provider's button leads: roster's redirect, then back to `next` in this app. */
export function providerSignInUrl(next: string): string {
  return `${AUTH}/oidc/login?${new URLSearchParams({ next })}`;
}
