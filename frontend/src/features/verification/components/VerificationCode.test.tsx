import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import i18n from "../../../shared/i18n";
import { problemMessage, ApiError } from "../../../shared/api/client";
import { ErrorMessage } from "../../../shared/components/Feedback";
import { jsonResponse } from "../../../test/utils";
import VerificationCode from "./VerificationCode";

function renderIt() {
  void i18n.changeLanguage("ja");
  const client = new QueryClient({ defaultOptions: { mutations: { retry: false }, queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <VerificationCode />
    </QueryClientProvider>,
  );
}

describe("確認コードを入力", () => {
  beforeEach(() => {
    document.cookie = "csrftoken=t";
  });
  afterEach(() => vi.unstubAllGlobals());

  it("says in Japanese why a used code is refused, then accepts a good one", async () => {
    let answer: [unknown, number] = [{ type: "/problems/invalid-input", status: 422, detail: "used", reason: "used" }, 422];
    const fetchMock = vi.fn(async (url: string) => {
      if (url === "/api/v1/verification/me") return jsonResponse({ level: "email", granted_level: null, verified_at: null });
      return jsonResponse(answer[0], answer[1], answer[1] >= 400 ? "application/problem+json" : "application/json");
    });
    vi.stubGlobal("fetch", fetchMock);
    renderIt();
    expect(await screen.findByText("いまの段階：メールアドレス確認済み")).toBeInTheDocument();
    await userEvent.type(screen.getByRole("textbox", { name: /確認コード/ }), "abcd-efgh-jkmn");
    await userEvent.click(screen.getByRole("button", { name: "確認する" }));
    expect(await screen.findByText(/この確認コードはすでに使われています/)).toBeInTheDocument();
    answer = [{ level: "postcard", granted_level: "postcard", verified_at: "2026-12-07T00:00:00Z" }, 200];
    await userEvent.click(screen.getByRole("button", { name: "確認する" }));
    expect(await screen.findByText(/住所を確認しました/)).toBeInTheDocument();
    expect(await screen.findByText("いまの段階：郵送の確認コードで住所確認済み")).toBeInTheDocument();
  });

  it("a refused vote says which check the process needs and links to the code form", () => {
    void i18n.changeLanguage("ja");
    const error = new ApiError(403, { type: "/problems/verification-required", required_level: "postcard", action: "vote" });
    expect(problemMessage(error, i18n.t, "ja")).toBe("この意見募集で投票するには、郵送の確認コードによる住所確認が必要です。");
    render(<ErrorMessage error={error} />);
    expect(screen.getByRole("link", { name: "確認コードを入力する" })).toHaveAttribute("href", "/profile#verification-code");
  });
});
