// A ledger line as a person reads it: the day, what happened (scoring's note, in Chinese) and the points,
// e.g. `3月15日 无故缺席主题党日 −2` — never a code or an identifier.
import type { LedgerEntry } from "@/api/types";
import { monthDay, signedPoints } from "./index";

export function ledgerSentence(entry: Pick<LedgerEntry, "occurred_at" | "note" | "delta">): string {
  return `${monthDay(entry.occurred_at)} ${entry.note} ${signedPoints(entry.delta)}`;
}
