/**
 * The one way the SPA talks to /api/v1: JSON in and out (photos go up as FormData), the session
 * cookie travels by itself, every request asks for the UI language (Accept-Language), unsafe
 * methods echo the csrftoken cookie in X-CSRFToken, and problem+json answers become an ApiError
 * that the UI turns into a plain sentence (see problemMessage): the server's own detail, written
 * in the UI language (Content-Language says which).
 */

import type { Schemas } from "./openapi";

/** One invalid field of a 422 (`field` null: the body as a whole). */
export type FieldError = Schemas["FieldError"];

/** An RFC 9457 problem; partial because an answer that is not problem+json (a proxy's 502 page)
 * becomes `{ status }` alone. Some carry members of their own (a bulk import's `row_errors`). */
export type Problem = Partial<Schemas["ProblemDetails"]> & { [extra: string]: unknown };

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  /** The language the server wrote the problem's texts in (its Content-Language), if it said. */
  readonly language: string | undefined;

  constructor(status: number, problem: Problem, language?: string) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
    this.language = language;
  }

  /** The last path segment of the problem type, e.g. "phase-closed". */
  get slug(): string {
    return (this.problem.type ?? "").split("/").pop() || `http-${this.status}`;
  }

  get fieldErrors(): FieldError[] {
    return Array.isArray(this.problem.errors) ? this.problem.errors : [];
  }
}

/** The network failed before any answer arrived (offline, server down). */
export class NetworkError extends Error {
  constructor() {
    super("network");
    this.name = "NetworkError";
  }
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
export const API_BASE = "/api/v1";

let requestLanguage = "ja";

/** The UI language, asked of the server on every request (i18n calls this when it changes). */
export function setRequestLanguage(language: string): void {
  requestLanguage = language;
}

export function readCookie(name: string, cookies: string = document.cookie): string | null {
  for (const part of cookies.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return null;
}

/** The server sets csrftoken on any GET; fetch something cheap if we have none yet. */
async function csrfToken(): Promise<string | null> {
  let token = readCookie("csrftoken");
  if (!token) {
    await fetch(`${API_BASE}/districts`, { credentials: "same-origin" }).catch(() => undefined);
    token = readCookie("csrftoken");
  }
  return token;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export async function api<T>(
  method: string,
  path: string,
  options: { body?: unknown; query?: Query; signal?: AbortSignal; blob?: boolean } = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json", "Accept-Language": requestLanguage };
  // a File, Blob (an uploaded image) or FormData (a photo with its alt text) travels as it is, the
  // browser writing its type or multipart boundary; anything else as JSON
  const raw = options.body instanceof Blob || options.body instanceof FormData;
  if (options.body !== undefined && !raw) headers["Content-Type"] = "application/json";
  if (UNSAFE.has(method)) {
    const token = await csrfToken();
    if (token) headers["X-CSRFToken"] = token;
  }
  let response: Response;
  try {
    response = await fetch(withQuery(API_BASE + path, options.query), {
      method,
      headers,
      credentials: "same-origin",
      body: options.body === undefined ? undefined : raw ? (options.body as BodyInit) : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error)?.name === "AbortError") throw error;
    throw new NetworkError();
  }
  if (response.status === 204) return undefined as T;
  if (response.ok && options.blob) return (await response.blob()) as T; // a file, e.g. a PDF
  const text = await response.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!response.ok) {
    const problem: Problem =
      data && typeof data === "object" ? (data as Problem) : { status: response.status };
    throw new ApiError(response.status, problem, response.headers.get("Content-Language") ?? undefined);
  }
  return data as T;
}

export const get = <T>(path: string, query?: Query, signal?: AbortSignal) =>
  api<T>("GET", path, { query, signal });
export const post = <T>(path: string, body?: unknown) => api<T>("POST", path, { body });
export const put = <T>(path: string, body?: unknown) => api<T>("PUT", path, { body });
export const patch = <T>(path: string, body?: unknown) => api<T>("PATCH", path, { body });
export const del = <T>(path: string, body?: unknown) => api<T>("DELETE", path, { body });

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** Whether the server wrote this problem's texts in the UI language (it says so in
 * Content-Language; a server that does not gets the SPA's general sentences). */
function inLanguage(error: ApiError, language: string): boolean {
  return !!error.language && error.language === language;
}

/**
 * A plain sentence for any error, in the UI language: the server's `detail` (written for
 * people, in the language the SPA asked for) when it came in that language; otherwise our own
 * wording of the problem type. Never raw JSON.
 */
export function problemMessage(error: unknown, t: Translate, language: string): string {
  if (error instanceof NetworkError) return t("problems.network");
  if (!(error instanceof ApiError)) return t("problems.unexpected");
  const slug = error.slug;
  const detail = typeof error.problem.detail === "string" ? error.problem.detail : "";
  // 本人確認: the SPA's own sentence, as the process page says it, with the code link after it
  const level = error.problem.required_level;
  const action = error.problem.action === "propose" ? "propose" : "vote";
  if (slug === "email-not-confirmed" && action === "vote") return t("problems.email-not-confirmed");
  if (["email", "postcard", "counter"].includes(level as string))
    return t("problems.verification.message", {
      action: t(`problems.verification.${action}`),
      need: t(`problems.verification.${level as string}`),
    });
  if (detail && inLanguage(error, language) && !/[{}]/.test(detail)) return detail;
  if (slug === "http-403" && /CSRF/i.test(detail)) return t("problems.csrf");
  if (slug === "phase-closed" && error.problem.phase === "archived") return t("problems.archived");
  if (slug === "phase-closed") return t("problems.phase-closed");
  if (slug === "conflict" && typeof error.problem.channel === "string") return t("problems.channel-closed");
  if (error.problem.consent_required === true) return t("problems.consent");
  if (slug === "invalid-input" && error.fieldErrors.length > 0) return t("problems.fields");
  if (language === "en" && detail && !/[{}`]/.test(detail)) return detail;
  const known = [
    "unauthenticated",
    "forbidden",
    "not-found",
    "conflict",
    "invalid-input",
    "invalid-json",
    "too-large",
    "unusable-image",
    "unavailable",
    "internal",
  ];
  if (known.includes(slug)) return t(`problems.${slug}`);
  if (error.status === 403) return t("problems.forbidden");
  if (error.status === 404) return t("problems.not-found");
  if (error.status === 429) return t("problems.rate-limited");
  if (error.status >= 500) return t("problems.internal");
  return t("problems.unexpected");
}

/** Field errors from a 422, keyed by field name, worded for people: the server's message when it
 * came in the UI language, else our general wording. */
export function fieldProblems(error: unknown, t: Translate, language: string = requestLanguage): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiError)) return out;
  const own = inLanguage(error, language);
  for (const { field, message } of error.fieldErrors) {
    if (!field) continue;
    if (own && message) out[field] = message;
    else out[field] = /unknown district/i.test(message) ? t("validation.district") : t("validation.invalid");
  }
  return out;
}
