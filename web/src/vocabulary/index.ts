// The label of a code, from the one table of its kind (labels.ts is written from the contracts). A code
// that no table knows is never shown: the page says 未知 instead, so a new value cannot leak English.
export * from "./labels";

export type LabelTable = Readonly<Record<string, string>>;

export const UNKNOWN_LABEL = "未知";

/** `code`'s label in `table` (one of labels.ts), or 未知. */
export function label(table: LabelTable, code: string | null | undefined): string {
  if (code == null) return "—";
  return Object.hasOwn(table, code) ? (table[code] as string) : UNKNOWN_LABEL;
}

/** The codes of a table in its own order (the organisation's order, not the characters'). */
export function codesOf<T extends LabelTable>(table: T): (keyof T & string)[] {
  return Object.keys(table) as (keyof T & string)[];
}
