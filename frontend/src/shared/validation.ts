/**
 * Client-side checks mirroring the API's limits, so people see a plain, translated sentence
 * next to the field before anything is sent. Each check returns { key, values } for t().
 */

export interface Problem {
  key: string;
  values?: Record<string, unknown>;
}
export type Problems<F extends string> = Partial<Record<F, Problem>>;

export const LIMITS = { title: 120, body: 4000, comment: 2000, tags: 10, password: 10, reason: 500 };
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Tags typed as 「子育て、公園」 or "parks, dogs": split on Japanese or Latin commas. */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(/[,、，]/).map((tag) => tag.trim()).filter(Boolean))];
}

export function requiredText(value: string, fieldKey: string, max?: number): Problem | undefined {
  const length = [...value.trim()].length;
  if (length === 0) return { key: "validation.required", values: { fieldKey } };
  if (max !== undefined && [...value].length > max)
    return { key: "validation.tooLong", values: { fieldKey, max, count: [...value].length } };
  return undefined;
}

export function validateProposal(
  input: {
    title: string;
    body: string;
    district_code: string;
    tags: string;
  },
  { districtOptional = false }: { districtOptional?: boolean } = {},
): Problems<"title" | "body" | "district_code" | "tags"> {
  const problems: Problems<"title" | "body" | "district_code" | "tags"> = {};
  const title = requiredText(input.title, "newProposal.titleLabel", LIMITS.title);
  if (title) problems.title = title;
  const body = requiredText(input.body, "newProposal.bodyLabel", LIMITS.body);
  if (body) problems.body = body;
  if (!input.district_code && !districtOptional)
    problems.district_code = { key: "validation.choose", values: { fieldKey: "newProposal.district" } };
  if (parseTags(input.tags).length > LIMITS.tags) problems.tags = { key: "validation.tooManyTags" };
  return problems;
}

export function validateSignIn(input: { email: string; password: string }): Problems<"email" | "password"> {
  const problems: Problems<"email" | "password"> = {};
  if (!input.email.trim()) problems.email = { key: "validation.required", values: { fieldKey: "auth.email" } };
  if (!input.password) problems.password = { key: "validation.required", values: { fieldKey: "auth.password" } };
  return problems;
}

export function validateSignUp(input: {
  email: string;
  password: string;
  display_name: string;
}): Problems<"email" | "password" | "display_name"> {
  const problems: Problems<"email" | "password" | "display_name"> = {};
  if (!input.email.trim()) problems.email = { key: "validation.required", values: { fieldKey: "auth.email" } };
  else if (!EMAIL.test(input.email.trim())) problems.email = { key: "validation.email" };
  if ([...input.password].length < LIMITS.password) problems.password = { key: "validation.passwordLength" };
  const name = requiredText(input.display_name, "auth.displayName", 80);
  if (name) problems.display_name = name;
  return problems;
}

export function hasProblems(problems: object): boolean {
  return Object.values(problems).some(Boolean);
}
