// How numbers, dates and periods read (ux.md "Numbers and dates"): points with at most one decimal,
// shares as percentages, dates 2026年3月15日 in prose, 2026-03-15 in tables, 3月15日 周日 where scheduling,
// periods 2026年第一季度 / 2026年度, working-day deadlines with the days left. Times are read in the
// organisation's time zone, whatever the browser's is.

export const ORGANISATION_TIME_ZONE = "Asia/Shanghai";

const WEEKDAYS = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"] as const;
const QUARTERS = ["第一季度", "第二季度", "第三季度", "第四季度"] as const;
const MINUS = "−"; // U+2212, as the ledger's sentences print a deduction

/** A calendar day, without a time zone. */
export interface Day {
  year: number;
  month: number; // 1–12
  day: number;
}

/** `2026-03-15` (a date) or an ISO time with offset (read in the organisation's time zone) as a day. */
export function dayOf(value: string | Date): Day {
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [year, month, day] = value.split("-").map(Number) as [number, number, number];
    return { year, month, day };
  }
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: ORGANISATION_TIME_ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(typeof value === "string" ? new Date(value) : value);
  const part = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  return { year: part("year"), month: part("month"), day: part("day") };
}

function weekday(d: Day): string {
  return WEEKDAYS[new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay()] as string;
}

/** Points with at most one decimal: 87.4, 60, −2, 0.5. */
export function points(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  const text = (Object.is(rounded, -0) ? 0 : rounded).toFixed(1).replace(/\.0$/, "");
  return text.startsWith("-") ? MINUS + text.slice(1) : text;
}

/** A change of points with its sign: +1, −2, +0.5. */
export function signedPoints(value: number): string {
  const text = points(value);
  return value > 0 ? `+${text}` : text;
}

/** A share (0–1) as a percentage with at most one decimal: 0.075 → 7.5%. */
export function percent(share: number): string {
  return `${points(share * 100).replace(MINUS, "-")}%`;
}

/** 2026年3月15日 (prose). */
export function dateLong(value: string | Date): string {
  const d = dayOf(value);
  return `${d.year}年${d.month}月${d.day}日`;
}

/** 2026-03-15 (tables). */
export function dateIso(value: string | Date): string {
  const d = dayOf(value);
  return `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
}

/** 3月15日 (within the year being shown). */
export function monthDay(value: string | Date): string {
  const d = dayOf(value);
  return `${d.month}月${d.day}日`;
}

/** 3月15日 周日 (scheduling). */
export function dateWithWeekday(value: string | Date): string {
  return `${monthDay(value)} ${weekday(dayOf(value))}`;
}

/** 2026年第一季度 for a quarter (1–4), 2026年度 for the year. */
export function period(year: number, quarter?: 1 | 2 | 3 | 4): string {
  return quarter === undefined ? `${year}年度` : `${year}年${QUARTERS[quarter - 1]}`;
}

export interface Deadline {
  text: string;
  overdue: boolean;
}

/** A working-day deadline: `12月28日前（还剩 3 个工作日）`, or overdue (shown red) once none remain. */
export function deadline(due: string | Date, workingDaysLeft: number): Deadline {
  if (workingDaysLeft < 0) {
    return { text: `${monthDay(due)}前（已逾期 ${-workingDaysLeft} 个工作日）`, overdue: true };
  }
  if (workingDaysLeft === 0) return { text: `${monthDay(due)}前（今天到期）`, overdue: false };
  return { text: `${monthDay(due)}前（还剩 ${workingDaysLeft} 个工作日）`, overdue: false };
}
