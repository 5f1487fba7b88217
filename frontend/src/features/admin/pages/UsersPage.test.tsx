import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { jsonResponse, renderWithProviders } from "../../../test/utils";
import UsersPage from "./UsersPage";

const HANAKO = {
  id: 3,
  email: "hanako@example.jp",
  display_name: "花子",
  role: "resident",
  district_code: null,
  age_band: null,
  language: "ja",
  is_active: true,
  created_at: "2026-09-01T00:00:00Z",
  terms_version: 0,
  privacy_version: 0,
  consented_at: null,
  last_sign_in_at: "2026-12-01T15:30:00Z", // 2026-12-02 00:30 in Japan
  password_set: true,
};
const LINK = "http://testserver/set-password#token=abc";

function server() {
  return vi.fn(async (url: string, init?: RequestInit) => {
    if (url.startsWith("/api/v1/admin/users?")) return jsonResponse({ items: [HANAKO], total: 1, offset: 0, limit: 50 });
    if (url === "/api/v1/admin/users" && init?.method === "POST")
      return jsonResponse({ user: { ...HANAKO, id: 4, display_name: "佐藤", password_set: false }, invitation_url: LINK, expires_at: "2026-12-10T00:00:00Z" }, 201);
    if (url === "/api/v1/admin/users/3/reset-link") return jsonResponse({ url: `${LINK}2`, expires_at: "2026-12-10T00:00:00Z" }, 201);
    return jsonResponse(null, 404);
  });
}

describe("UsersPage", () => {
  beforeEach(() => {
    document.cookie = "csrftoken=t";
  });
  afterEach(() => vi.unstubAllGlobals());

  it("lists users with their last sign-in in Japan time and says how many were found", async () => {
    vi.stubGlobal("fetch", server());
    renderWithProviders(<UsersPage />);
    const row = await screen.findByRole("row", { name: /花子/ });
    expect(within(row).getByText(/2026\/12\/02 0:30/)).toBeInTheDocument();
    expect(screen.getByText("1 人が見つかりました。")).toHaveAttribute("role", "status");
  });

  it("searches by the words typed, escaped in the query string", async () => {
    const fetchMock = server();
    vi.stubGlobal("fetch", fetchMock);
    renderWithProviders(<UsersPage />);
    await userEvent.type(screen.getByLabelText("名前・メールアドレスで検索"), "tanaka_100%");
    await userEvent.click(screen.getByRole("button", { name: "検索" }));
    await waitFor(() => expect(fetchMock.mock.calls.map(([url]) => url)).toContain("/api/v1/admin/users?sort=newest&offset=0&q=tanaka_100%25&limit=50"));
  });

  it("shows an invitation's link once, to copy", async () => {
    const fetchMock = server();
    vi.stubGlobal("fetch", fetchMock);
    renderWithProviders(<UsersPage />);
    await userEvent.type(screen.getByLabelText(/^メールアドレス/), "sato@example.jp");
    await userEvent.type(screen.getByLabelText(/^表示名/), "佐藤");
    await userEvent.click(screen.getByRole("button", { name: "招待する" }));
    expect(await screen.findByLabelText("パスワード設定リンク")).toHaveValue(LINK);
    const sent = fetchMock.mock.calls.find(([url, init]) => url === "/api/v1/admin/users" && init?.method === "POST");
    expect(JSON.parse(String(sent?.[1]?.body))).toEqual({ email: "sato@example.jp", display_name: "佐藤", role: "planner" });
  });

  it("issues a reset link for one user", async () => {
    vi.stubGlobal("fetch", server());
    renderWithProviders(<UsersPage />);
    await userEvent.click(await screen.findByRole("button", { name: "花子 さんのパスワード再設定リンクを発行" }));
    expect(await screen.findByLabelText("パスワード設定リンク")).toHaveValue(`${LINK}2`);
  });
});
