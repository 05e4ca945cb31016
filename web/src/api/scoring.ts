// Scoring's API (/api/scoring): score cards, ledgers, rankings, branch assessments.
import { serviceClient } from "./client";
import type { LedgerEntry, LedgerPage, ScoreCard } from "./types";

export const scoring = serviceClient("scoring");

export function scoreCard(memberId: string, year?: number): Promise<ScoreCard> {
  return scoring.get<ScoreCard>(`/members/${memberId}/score-card`, { year });
}

/** Every line of the member's ledger for the year, newest first. */
export function ledger(memberId: string, year?: number): Promise<LedgerEntry[]> {
  return scoring.all<LedgerEntry>(`/members/${memberId}/ledger`, { year });
}

export type { LedgerPage };
