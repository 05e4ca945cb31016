// Calling the services' APIs with the signed-in token; base URLs come from config.json.
const TOKEN_KEY = "bastion.token";
let services = null;

export const token = () => sessionStorage.getItem(TOKEN_KEY);
export const setToken = (value) => sessionStorage.setItem(TOKEN_KEY, value);
export const clearToken = () => sessionStorage.removeItem(TOKEN_KEY);

export class ApiError extends Error {
  constructor(status, message, url) {
    super(message);
    this.status = status;
    this.url = url;
  }
}

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

export async function loadConfig() {
  const answer = await fetch("config.json");
  if (!answer.ok) throw new ApiError(answer.status, "config.json", "config.json");
  const config = await answer.json();
  services = config.services ?? {};
  return config;
}

/** GET a service's path; query values that are null are left out. */
export async function get(service, path, query = {}) {
  const base = services?.[service];
  if (!base) throw new ApiError(0, `config.json: ${service}?`, path);
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== null && value !== undefined) params.set(key, value);
  const url = `${base.replace(/\/$/, "")}${path}${params.size ? `?${params}` : ""}`;
  let answer;
  try {
    answer = await fetch(url, { headers: { Authorization: `Bearer ${token()}` } });
  } catch (error) {
    throw new ApiError(0, error.message, url);
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
