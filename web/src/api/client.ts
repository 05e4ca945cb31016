// Calling a service through the one address (/api/<service>/…) as the signed-in person: the bearer token
// from memory, one renewal and retry on a 401, and refusals as Refusal (a message per field for forms).
import { refusalOf, Refusal, type ProblemBody } from "./refusal";
import { accessToken, renew } from "@/session";

export type ServiceName = "roster" | "activity" | "feedback" | "scoring";
export type Query = Record<string, string | number | boolean | null | undefined>;

/** The session has ended (renewal refused): the app shows the sign-in page, not an error. */
export class SignedOut extends Error {}

export const UNREACHABLE = "unreachable";

export function urlOf(service: ServiceName, path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value != null) params.set(name, String(value));
  const search = params.toString();
  return `/api/${service}${path}${search ? `?${search}` : ""}`;
}

async function send(method: string, url: string, body: unknown): Promise<Response> {
  const token = accessToken();
  if (!token) throw new SignedOut();
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  try {
    return await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (error) {
    throw new Refusal(0, UNREACHABLE, String(error));
  }
}

async function call<T>(method: string, service: ServiceName, path: string, query: Query, body?: unknown): Promise<T> {
  const url = urlOf(service, path, query);
  let answer = await send(method, url, body);
  if (answer.status === 401) {
    let renewed: boolean | null = null; // null: roster out of reach, the 401 stands
    try {
      renewed = await renew();
    } catch {
      // shown as the 401 below
    }
    if (renewed === false) throw new SignedOut();
    if (renewed) answer = await send(method, url, body);
  }
  if (answer.status === 204) return undefined as T;
  const text = await answer.text();
  if (!answer.ok) {
    let problem: ProblemBody | null = null;
    try {
      problem = JSON.parse(text) as ProblemBody;
    } catch {
      // not JSON
    }
    throw refusalOf(answer.status, problem, `${answer.status}`);
  }
  return JSON.parse(text) as T;
}

/** One service's API: typed calls are built on these in src/api/<service>.ts. */
export interface ServiceClient {
  get<T>(path: string, query?: Query): Promise<T>;
  post<T>(path: string, body?: unknown, query?: Query): Promise<T>;
  put<T>(path: string, body?: unknown, query?: Query): Promise<T>;
  patch<T>(path: string, body?: unknown, query?: Query): Promise<T>;
  delete<T>(path: string, query?: Query): Promise<T>;
  /** Every item of a paged list (page_size 200, the APIs' largest). */
  all<T>(path: string, query?: Query): Promise<T[]>;
}

export function serviceClient(service: ServiceName): ServiceClient {
  const client: ServiceClient = {
    get: (path, query = {}) => call("GET", service, path, query),
    post: (path, body, query = {}) => call("POST", service, path, query, body),
    put: (path, body, query = {}) => call("PUT", service, path, query, body),
    patch: (path, body, query = {}) => call("PATCH", service, path, query, body),
    delete: (path, query = {}) => call("DELETE", service, path, query),
    async all<T>(path: string, query: Query = {}): Promise<T[]> {
      const items: T[] = [];
      for (let page = 1; ; page += 1) {
        const found = await client.get<{ items: T[]; total: number }>(path, { ...query, page, page_size: 200 });
        items.push(...found.items);
        if (items.length >= found.total || found.items.length === 0) return items;
      }
    },
  };
  return client;
}
