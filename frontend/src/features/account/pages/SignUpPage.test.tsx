import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { jsonResponse, renderWithProviders } from "../../../test/utils";
import { SignUpPage } from "./SignUpPage";

const USER = {
  id: 9,
  email: "sakura@example.jp",
  display_name: "さくら",
  role: "resident",
  district_code: null,
  age_band: null,
  language: "ja",
  is_active: true,
  created_at: "2026-09-01T00:00:00Z",
};
const RECEIVED = { detail: "Thank you." };

function answer(login: Response) {
  return vi.fn(async (url: string, _init?: RequestInit) => {
    if (url.startsWith("/api/v1/districts")) return jsonResponse([]);
    if (url === "/api/v1/auth/register") return jsonResponse(RECEIVED, 202);
    if (url === "/api/v1/auth/login") return login;
    return jsonResponse(null, 401);
  });
}

async function signUp() {
  await userEvent.type(screen.getByLabelText(/メールアドレス/), "sakura@example.jp");
  await userEvent.type(screen.getByLabelText(/パスワード/), "a long password");
  await userEvent.type(screen.getByLabelText(/表示名/), "さくら");
  await userEvent.click(screen.getByRole("button", { name: "登録する" }));
}

describe("SignUpPage", () => {
  beforeEach(() => {
    document.cookie = "csrftoken=t";
  });
  afterEach(() => vi.unstubAllGlobals());

  it("signs in with the password just typed once the sign-up is received", async () => {
    const fetchMock = answer(jsonResponse(USER));
    vi.stubGlobal("fetch", fetchMock);
    renderWithProviders(<SignUpPage />);
    await signUp();
    await waitFor(() =>
      expect(fetchMock.mock.calls.map(([url]) => url)).toContain("/api/v1/auth/login"),
    );
    const calls = fetchMock.mock.calls.filter(([url]) => String(url).startsWith("/api/v1/auth"));
    expect(calls.map(([url]) => url)).toEqual(["/api/v1/auth/register", "/api/v1/auth/login"]);
    expect(JSON.parse(String(calls[1]?.[1]?.body))).toEqual({ email: "sakura@example.jp", password: "a long password" });
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("says only that signing in failed when the address already has an account", async () => {
    const wrong = { status: 401, title: "Unauthenticated", detail: "The e-mail address or password is wrong." };
    vi.stubGlobal("fetch", answer(jsonResponse(wrong, 401, "application/problem+json")));
    renderWithProviders(<SignUpPage />);
    await signUp();
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("このメールアドレスとパスワードではログインできませんでした。");
    expect(alert).not.toHaveTextContent("すでに登録されています");
  });
});
