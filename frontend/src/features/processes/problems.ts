/** The server's field errors (problem+json `errors`) as Japanese / English sentences per field. */
import { ApiError } from "../../shared/api/client";

type Translate = (key: string, options?: Record<string, unknown>) => string;

// the server's short messages for the refusals this screen can cause; anything else is "check it"
const KNOWN: [RegExp, string][] = [
  [/already used/i, "setup:errors.taken"],
  [/ends before it starts/i, "setup:errors.endsBeforeStart"],
  [/appears twice/i, "setup:errors.phaseTwice"],
  [/length|at least|at most/i, "setup:errors.length"],
  [/match pattern/i, "setup:errors.pattern"],
];

export function serverProblems(error: unknown, t: Translate): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiError)) return out;
  for (const { field, message } of error.fieldErrors) {
    if (!field) continue;
    const key = KNOWN.find(([pattern]) => pattern.test(message ?? ""))?.[1];
    out[field] = t(key ?? "validation.invalid");
  }
  return out;
}

/** Move focus to the first control whose id is in `ids` (after a refused submit). */
export function focusFirst(ids: string[]) {
  for (const id of ids) {
    const element = document.getElementById(id);
    if (element) {
      element.focus();
      return;
    }
  }
}
