import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import i18n from "../i18n";
import { api, ApiError, fieldProblems, NetworkError, problemMessage, readCookie, withQuery } from "./client";
import { jsonResponse } from "../../test/utils";

const t = (key: string, options?: Record<string, unknown>) => i18n.t(key, options);

describe("the API client", () => {
  let fetchMock: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    fetchMock = vi.fn();
    vi.stubGlobal("fetch", fetchMock);
    document.cookie = "csrftoken=token-123";
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    document.cookie = "csrftoken=; expires=Thu, 01 Jan 1970 00:00:00 GMT";
  });

  it("echoes the csrftoken cookie in X-CSRFToken on unsafe methods", async () => {
    fetchMock.mockResolvedValue(jsonResponse({ id: 1 }, 201));
    await api("POST", "/processes/3/proposals", { body: { title: "x" } });
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe("/api/v1/processes/3/proposals");
    expect(init.headers["X-CSRFToken"]).toBe("token-123");
    expect(init.headers["Content-Type"]).toBe("application/json");
    expect(init.credentials).toBe("same-origin");
    expect(JSON.parse(init.body)).toEqual({ title: "x" });
  });

  it("sends no CSRF header on GET and drops empty query values", async () => {
    fetchMock.mockResolvedValue(jsonResponse({ items: [] }));
    await api("GET", "/processes/1/proposals", { query: { sort: "newest", q: "", tag: undefined, mine: true } });
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe("/api/v1/processes/1/proposals?sort=newest&mine=true");
    expect(init.headers["X-CSRFToken"]).toBeUndefined();
  });

  it("fetches a csrftoken first when the cookie is missing", async () => {
    document.cookie = "csrftoken=; expires=Thu, 01 Jan 1970 00:00:00 GMT";
    fetchMock.mockImplementationOnce(async () => {
      document.cookie = "csrftoken=fresh";
      return jsonResponse([]);
    });
    fetchMock.mockResolvedValueOnce(jsonResponse({ ok: true }));
    await api("PUT", "/proposals/1/vote", { body: { value: "agree" } });
    expect(fetchMock.mock.calls[0][0]).toBe("/api/v1/districts");
    expect(fetchMock.mock.calls[1][1].headers["X-CSRFToken"]).toBe("fresh");
  });

  it("turns problem+json into an ApiError with slug and field errors", async () => {
    fetchMock.mockResolvedValue(
      jsonResponse(
        {
          type: "/problems/invalid-input",
          title: "Invalid input",
          status: 422,
          detail: "The request was not accepted (title): Expected `str` of length >= 1",
          errors: [{ field: "title", message: "Expected `str` of length >= 1" }],
        },
        422,
        "application/problem+json",
      ),
    );
    const error = (await api("POST", "/x", { body: {} }).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(422);
    expect(error.slug).toBe("invalid-input");
    expect(error.fieldErrors).toHaveLength(1);
  });

  it("asks for the UI language on every request and keeps the language of a problem", async () => {
    await i18n.changeLanguage("en");
    fetchMock.mockResolvedValueOnce(jsonResponse([]));
    await api("GET", "/districts");
    expect(fetchMock.mock.calls[0][1].headers["Accept-Language"]).toBe("en");
    await i18n.changeLanguage("ja");
    fetchMock.mockResolvedValueOnce(
      new Response(JSON.stringify({ type: "/problems/not-found", status: 404, detail: "提案 9 は見つかりません。" }), {
        status: 404,
        headers: { "Content-Type": "application/problem+json", "Content-Language": "ja" },
      }),
    );
    const error = (await api("GET", "/proposals/9").catch((e: unknown) => e)) as ApiError;
    expect(fetchMock.mock.calls[1][1].headers["Accept-Language"]).toBe("ja");
    expect(error.language).toBe("ja");
    expect(problemMessage(error, t, "ja")).toBe("提案 9 は見つかりません。");
  });

  it("reports a network failure as a NetworkError", async () => {
    fetchMock.mockRejectedValue(new TypeError("Failed to fetch"));
    await expect(api("GET", "/processes")).rejects.toBeInstanceOf(NetworkError);
  });

  it("returns undefined for 204 No Content", async () => {
    fetchMock.mockResolvedValue(new Response(null, { status: 204 }));
    await expect(api("POST", "/auth/logout")).resolves.toBeUndefined();
  });
});

describe("problemMessage", () => {
  const phaseClosed = new ApiError(409, {
    type: "/problems/phase-closed",
    status: 409,
    detail: "This process is in the 'voting' phase: it is not possible to post new proposals now.",
  });

  it("says a plain Japanese sentence for a known problem type", async () => {
    await i18n.changeLanguage("ja");
    expect(problemMessage(phaseClosed, t, "ja")).toBe(
      "この取り組みは、いまの段階ではこの操作を受け付けていません。",
    );
  });

  it("tells a resident that a process is archived or does not take online posts", async () => {
    await i18n.changeLanguage("ja");
    const archived = new ApiError(409, { type: "/problems/phase-closed", phase: "archived", detail: "archived" });
    expect(problemMessage(archived, t, "ja")).toContain("アーカイブ");
    const channel = new ApiError(409, { type: "/problems/conflict", channel: "online", detail: "no online" });
    expect(problemMessage(channel, t, "ja")).toContain("この方法での意見の受け付け");
  });

  it("uses the server's human detail in English, but never raw JSON or code", async () => {
    await i18n.changeLanguage("en");
    const conflict = new ApiError(409, { type: "/problems/conflict", detail: "You have already reported this." });
    expect(problemMessage(conflict, t, "en")).toBe("You have already reported this.");
    const technical = new ApiError(400, { type: "/problems/invalid-input", detail: "Expected `str`" });
    expect(problemMessage(technical, t, "en")).toBe("Please check your entries.");
    const notJson = new ApiError(502, { status: 502 });
    expect(problemMessage(notJson, t, "en")).toBe("An error occurred on our side. Please try again in a moment.");
  });

  it("shows the server's detail when it is written in the UI language, and our wording otherwise", async () => {
    await i18n.changeLanguage("ja");
    const detail = "この取り組みはいま「投票」の段階のため、新しい提案を投稿することはできません。";
    const japanese = new ApiError(409, { type: "/problems/phase-closed", detail }, "ja");
    expect(problemMessage(japanese, t, "ja")).toBe(detail);
    const english = new ApiError(409, { type: "/problems/phase-closed", detail: "Not now." }, "en");
    expect(problemMessage(english, t, "ja")).toBe("この取り組みは、いまの段階ではこの操作を受け付けていません。");
    await i18n.changeLanguage("en");
    expect(problemMessage(japanese, t, "en")).toBe("This process does not accept this action in its current phase.");
  });

  it("explains a CSRF failure and a network failure", async () => {
    await i18n.changeLanguage("ja");
    const csrf = new ApiError(403, { type: "/problems/http-403", detail: "The security token (CSRF) is missing" });
    expect(problemMessage(csrf, t, "ja")).toContain("再読み込み");
    expect(problemMessage(new NetworkError(), t, "ja")).toContain("接続");
  });

  it("maps field errors to translated messages", async () => {
    await i18n.changeLanguage("ja");
    const error = new ApiError(422, {
      type: "/problems/invalid-input",
      errors: [
        { field: "district_code", message: "unknown district" },
        { field: "title", message: "Expected `str` of length >= 1" },
      ],
    });
    expect(fieldProblems(error, t, "ja")).toEqual({
      district_code: "地区を一覧から選んでください。",
      title: "入力内容を確認してください。",
    });
  });

  it("shows the server's field messages when they are written in the UI language", async () => {
    await i18n.changeLanguage("en");
    const error = new ApiError(
      422,
      { type: "/problems/invalid-input", errors: [{ field: "title", message: "120文字以内で入力してください。" }] },
      "ja",
    );
    expect(fieldProblems(error, t, "ja")).toEqual({ title: "120文字以内で入力してください。" });
    expect(fieldProblems(error, t, "en")).toEqual({ title: "Please check this entry." });
  });
});

describe("helpers", () => {
  it("reads one cookie among several", () => {
    expect(readCookie("csrftoken", "a=1; csrftoken=abc%3D; b=2")).toBe("abc=");
    expect(readCookie("missing", "a=1")).toBeNull();
  });
  it("builds query strings", () => {
    expect(withQuery("/p", { a: 1, b: null, c: "x y" })).toBe("/p?a=1&c=x+y");
  });
});
