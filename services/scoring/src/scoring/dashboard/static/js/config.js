// Where each service's API is (config.json's `services`: `/api/<service>` behind the one address).
let services = null;

export async function loadConfig() {
  const answer = await fetch("config.json");
  if (!answer.ok) throw new Error(`config.json: ${answer.status}`);
  const config = await answer.json();
  services = config.services ?? {};
  return config;
}

/** A service's URL for `path`; query values that are null are left out. Null when the service is unknown. */
export function urlOf(service, path, query = {}) {
  const base = services?.[service];
  if (!base) return null;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== null && value !== undefined) params.set(key, value);
  return `${base.replace(/\/$/, "")}${path}${params.size ? `?${params}` : ""}`;
}
