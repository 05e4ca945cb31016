// Calling the services' APIs with the signed-in person's token (session.js); base URLs from config.json.
import { urlOf } from "./config.js";
import { accessToken, renew } from "./session.js";

export class ApiError extends Error {
  constructor(status, message, url) {
    super(message);
    this.status = status;
    this.url = url;
  }
}

/** The session has ended (renewal refused): the page shows the sign-in screen, not an error. */
export class SignedOut extends Error {}

/** A number whose JSON text differs from JS's (87.50 → "87.5" is fine, 90.0 is not "90"): keep the text. */
class Decimal extends Number {
  constructor(value, text) {
    super(value);
    this.text = text;
  }
  toString() {
    return this.text;
  }
}

function parse(text) {
  return JSON.parse(text, (_key, value, context) =>
    typeof value === "number" && context?.source !== undefined && String(value) !== context.source
      ? new Decimal(value, context.source)
      : value,
  );
}

async function send(url) {
  const token = accessToken();
  if (!token) throw new SignedOut();
  try {
    return await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  } catch (error) {
    throw new ApiError(0, error.message, url);
  }
}

/** GET a service's path; query values that are null are left out. A 401 renews the token once and retries. */
export async function get(service, path, query = {}) {
  const url = urlOf(service, path, query);
  if (!url) throw new ApiError(0, `config.json: ${service}?`, path);
  let answer = await send(url);
  if (answer.status === 401) {
    let renewed = null; // null: roster out of reach, so the 401 is shown as it is
    try {
      renewed = await renew();
    } catch {}
    if (renewed === false) throw new SignedOut();
    if (renewed) answer = await send(url);
  }
  const text = await answer.text();
  if (!answer.ok) {
    let detail = text;
    try {
      const problem = JSON.parse(text);
      detail = problem.message ?? problem.detail ?? text;
    } catch {}
    throw new ApiError(answer.status, typeof detail === "string" ? detail : JSON.stringify(detail), url);
  }
  return parse(text);
}

/** Every item of a paged list (page_size 200, the APIs' largest). */
export async function all(service, path, query = {}) {
  const items = [];
  for (let page = 1; ; page += 1) {
    const found = await get(service, path, { ...query, page, page_size: 200 });
    items.push(...found.items);
    if (items.length >= found.total || found.items.length === 0) return items;
  }
}
