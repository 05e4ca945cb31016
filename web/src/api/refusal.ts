// The services refuse with JSON: a stable `error` code, a Chinese `message`, and for a form that does not
// pass validation `errors` naming each field ({field, problem}). A form shows each problem under its field.

/** One field's problem, as the services describe it (bastion.http.problems). */
export interface FieldProblem {
  field: string;
  problem: string;
  detail?: string;
}

/** A refusal's body. `title`/`detail` are read too, for answers in the problem+json shape. */
export interface ProblemBody {
  error?: string;
  code?: string;
  message?: string;
  title?: string;
  detail?: unknown;
  errors?: FieldProblem[];
}

/** The key under which a refusal that names no field is shown (above the form's buttons). */
export const WHOLE_FORM = "_form";

export class Refusal extends Error {
  readonly status: number;
  readonly code: string;
  /** field (dotted, as the API names it) → the Chinese message for it. */
  readonly fields: Record<string, string>;

  constructor(status: number, code: string, message: string, fields: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

/** The refusal an answer carries; `fallback` when its body says nothing a person can read. */
export function refusalOf(status: number, body: ProblemBody | null, fallback: string): Refusal {
  const message =
    body?.message ?? body?.title ?? (typeof body?.detail === "string" ? body.detail : undefined) ?? fallback;
  const fields: Record<string, string> = {};
  for (const problem of body?.errors ?? []) {
    if (!problem.field || problem.field === "body") continue;
    fields[problem.field] = fields[problem.field] ? `${fields[problem.field]}；${problem.problem}` : problem.problem;
  }
  return new Refusal(status, body?.error ?? body?.code ?? "", message, fields);
}

/** What a form shows: each field's message, and the rest under WHOLE_FORM. */
export function formErrors(error: unknown, unreachable: string): Record<string, string> {
  if (!(error instanceof Refusal)) return { [WHOLE_FORM]: unreachable };
  if (Object.keys(error.fields).length > 0) return { ...error.fields };
  return { [WHOLE_FORM]: error.message };
}
