import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { jsonResponse, renderWithProviders } from "../../../test/utils";
import { SetPasswordPage } from "./SetPasswordPage";

describe("SetPasswordPage", () => {
  beforeEach(() => {
    document.cookie = "csrftoken=t";
  });
  afterEach(() => vi.unstubAllGlobals());

  it("sends the token from the link's fragment with the chosen password", async () => {
    const fetchMock = vi.fn(async (url: string) =>
      url === "/api/v1/auth/invitation/accept" ? jsonResponse({ id: 4, display_name: "佐藤", role: "planner" }) : jsonResponse({}),
    );
    vi.stubGlobal("fetch", fetchMock);
    renderWithProviders(<SetPasswordPage />, { route: "/set-password#token=abc123" });
    await userEvent.type(screen.getByLabelText(/パスワード/), "a long passphrase");
    await userEvent.click(screen.getByRole("button", { name: "パスワードを設定してログイン" }));
    await waitFor(() => expect(fetchMock.mock.calls.map(([url]) => url)).toContain("/api/v1/auth/invitation/accept"));
    const sent = fetchMock.mock.calls.find(([url]) => url === "/api/v1/auth/invitation/accept") as unknown as [string, RequestInit];
    expect(JSON.parse(String(sent[1].body))).toEqual({ token: "abc123", password: "a long passphrase", accept_terms: false });
  });

  it("asks for the whole link when the token is missing", () => {
    vi.stubGlobal("fetch", vi.fn(async () => jsonResponse({})));
    renderWithProviders(<SetPasswordPage />, { route: "/set-password" });
    expect(screen.getByRole("alert")).toHaveTextContent("#token=");
  });

  it("refuses a short password before sending anything", async () => {
    const fetchMock = vi.fn(async (_url: string) => jsonResponse({}));
    vi.stubGlobal("fetch", fetchMock);
    renderWithProviders(<SetPasswordPage />, { route: "/set-password#token=abc123" });
    await userEvent.type(screen.getByLabelText(/パスワード/), "short");
    await userEvent.click(screen.getByRole("button", { name: "パスワードを設定してログイン" }));
    expect(fetchMock.mock.calls.map(([url]) => url)).not.toContain("/api/v1/auth/invitation/accept");
    expect(screen.getByLabelText(/パスワード/)).toHaveAttribute("aria-invalid", "true");
  });
});
