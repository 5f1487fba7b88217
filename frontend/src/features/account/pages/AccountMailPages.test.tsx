import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ReactElement } from "react";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { MemoryRouter } from "react-router";
import i18n from "../../../shared/i18n";
import { jsonResponse } from "../../../test/utils";
import { ConfirmEmailPage, ForgotPasswordPage, ResetPasswordPage, UnsubscribePage } from "./AccountMailPages";

function renderAt(path: string, ui: ReactElement) {
  void i18n.changeLanguage("ja");
  const client = new QueryClient({ defaultOptions: { mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[path]}>{ui}</MemoryRouter>
    </QueryClientProvider>,
  );
}

function answering(status = 200, body: unknown = { detail: "ok" }) {
  const fetchMock = vi.fn(async (url: string, _init?: RequestInit) => {
    if (url.startsWith("/api/v1/site")) return jsonResponse({});
    return status === 204 ? new Response(null, { status }) : jsonResponse(body, status, "application/problem+json");
  });
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}

/** The calls the page made to the API, leaving out the site settings every page reads. */
function sent(fetchMock: ReturnType<typeof answering>) {
  return fetchMock.mock.calls.filter(([url]) => !String(url).startsWith("/api/v1/site"));
}

describe("pages opened from e-mail links", () => {
  beforeEach(() => {
    document.cookie = "csrftoken=t";
  });
  afterEach(() => vi.unstubAllGlobals());

  it("asks for a reset link and says the same thing whatever the address", async () => {
    const fetchMock = answering(202);
    renderAt("/forgot-password", <ForgotPasswordPage />);
    await userEvent.type(screen.getByLabelText(/メールアドレス/), "hanako@example.jp");
    await userEvent.click(screen.getByRole("button", { name: "リンクを送る" }));
    expect(await screen.findByText(/このメールアドレスで登録がある場合は/)).toBeInTheDocument();
    expect(sent(fetchMock)[0]?.[0]).toBe("/api/v1/auth/password-reset");
  });

  it("sets the new password with the token of the link", async () => {
    const fetchMock = answering(204);
    renderAt("/reset-password?token=abc123", <ResetPasswordPage />);
    await userEvent.type(screen.getByLabelText(/新しいパスワード/), "short");
    await userEvent.click(screen.getByRole("button", { name: "パスワードを設定する" }));
    expect(sent(fetchMock)).toEqual([]);
    await userEvent.type(screen.getByLabelText(/新しいパスワード/), " but now long");
    await userEvent.click(screen.getByRole("button", { name: "パスワードを設定する" }));
    expect(await screen.findByText(/新しいパスワードを設定しました/)).toBeInTheDocument();
    expect(JSON.parse(String(sent(fetchMock)[0]?.[1]?.body))).toEqual({
      token: "abc123",
      password: "short but now long",
    });
  });

  it("shows the server's refusal of a used link", async () => {
    answering(422, { type: "/problems/invalid-input", status: 422, detail: "used" });
    renderAt("/reset-password?token=abc123", <ResetPasswordPage />);
    await userEvent.type(screen.getByLabelText(/新しいパスワード/), "a long password");
    await userEvent.click(screen.getByRole("button", { name: "パスワードを設定する" }));
    expect(await screen.findByRole("alert")).toBeInTheDocument();
  });

  it("confirms the address only when the button is pressed", async () => {
    const fetchMock = answering(200, { id: 1 });
    renderAt("/confirm-email?token=tok", <ConfirmEmailPage />);
    expect(sent(fetchMock)).toEqual([]); // a mail scanner opening the link spends nothing
    await userEvent.click(screen.getByRole("button", { name: "メールアドレスを確認する" }));
    expect(await screen.findByText(/メールアドレスを確認しました/)).toBeInTheDocument();
  });

  it("unsubscribes with the link's token", async () => {
    const fetchMock = answering(200);
    renderAt("/unsubscribe?token=7.abc", <UnsubscribePage />);
    await userEvent.click(screen.getByRole("button", { name: "配信を停止する" }));
    await waitFor(() =>
      expect(sent(fetchMock)[0]?.[0]).toBe("/api/v1/notifications/unsubscribe?token=7.abc"),
    );
    expect(await screen.findByText(/配信を停止しました/)).toBeInTheDocument();
  });

  it("says a link without its token is incomplete", () => {
    renderAt("/confirm-email", <ConfirmEmailPage />);
    expect(screen.getByRole("alert")).toHaveTextContent("リンクが正しくありません");
  });
});
