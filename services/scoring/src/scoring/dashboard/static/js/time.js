// Days in the organisation's time zone (config.json's `timezone`), as the APIs reckon them.
let zone = "Asia/Shanghai";

export const setTimezone = (name) => {
  if (name) zone = name;
};

/** The YYYY-MM-DD day on which an ISO timestamp falls, in the organisation's time zone. */
export const localDay = (iso) => new Intl.DateTimeFormat("en-CA", { timeZone: zone }).format(new Date(iso));

/** A timestamp as a short local date and time. */
export const localTime = (iso) =>
  new Intl.DateTimeFormat("sv-SE", { timeZone: zone, dateStyle: "short", timeStyle: "short" }).format(new Date(iso));
