// The shapes the web app reads from the services (only the fields it uses; the services' OpenAPI
// documents at /api/<service>/docs have the rest).

export type Role = "admin" | "secretary" | "member";

export interface BranchRef {
  id: string;
  name: string;
}

/** Who is signed in and where their work is (roster's PersonPublic). */
export interface Person {
  account_id: string;
  username: string;
  name: string;
  role: Role;
  member_id: string | null;
  branches: BranchRef[];
  home: "organisation" | "branch" | "self";
}

export interface SessionAnswer {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
  person: Person;
}

export interface SignInOptions {
  password: boolean;
  oidc: boolean;
  oidc_label: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  page_size: number;
}

export interface OrgUnit {
  id: string;
  name: string;
  kind: string;
  parent_id: string | null;
}

/** A member's year (scoring's ScoreCardPublic), points as numbers with two decimals. */
export interface ScoreCard {
  member_id: string;
  name: string;
  branch_id: string;
  year: number;
  as_of: string;
  stage: string | null;
  status: string;
  base: number;
  base_counted: number;
  deductions: { total: number };
  service: { counted: number };
  satisfaction: { points: number; index: number; sample: number };
  honours: { counted: number };
  veto: { vetoed: boolean };
  total: number;
  band: string | null;
  rank: number | null;
  rank_of: number;
}

/** One ledger line: an entry an event caused, or the reversal of one (更正). */
export interface LedgerEntry {
  entry_id: string;
  kind: "entry" | "reversal";
  category: string;
  delta: number;
  note: string;
  occurred_at: string;
}

export interface LedgerPage extends Page<LedgerEntry> {
  member_id: string;
  year: number;
}
