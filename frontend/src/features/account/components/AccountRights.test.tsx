import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ME_KEY } from "../../../shared/auth/session";
import { jsonResponse, renderWithProviders } from "../../../test/utils";
import { AccountRights } from "./AccountRights";

const WRONG = { status: 403, title: "Forbidden", detail: "The password is wrong, so your account was not deleted." };

async function openAndConfirm(password: string) {
  await userEvent.click(await screen.findByRole("button", { name: "退会する" }));
  expect(screen.getByRole("heading", { name: "退会しますか？" })).toBeInTheDocument();
  await userEvent.type(screen.getByLabelText(/パスワード/), password);
  const buttons = screen.getAllByRole("button", { name: "退会する" });
  await userEvent.click(buttons[buttons.length - 1]!);
}

describe("AccountRights", () => {
  beforeEach(() => {
    document.cookie = "csrftoken=t";
  });
  afterEach(() => vi.unstubAllGlobals());

  it("offers the data download as a link to the JSON file", () => {
    renderWithProviders(<AccountRights />);
    const link = screen.getByRole("link", { name: "自分のデータをダウンロード" });
    expect(link).toHaveAttribute("href", "/api/v1/auth/me/data");
    expect(link).toHaveAttribute("download");
  });

  it("says what stays and what is erased, and a wrong password next to the field", async () => {
    const fetchMock = vi.fn(async () => jsonResponse(WRONG, 403, "application/problem+json"));
    vi.stubGlobal("fetch", fetchMock);
    renderWithProviders(<AccountRights />);
    await openAndConfirm("not my password");
    expect(screen.getByText(/「退会した利用者」と表示されます/)).toBeInTheDocument();
    expect(screen.getByText(/メールアドレス、表示名、パスワード/)).toBeInTheDocument();
    expect(await screen.findByText("パスワードが違います。ログインに使うパスワードを入力してください。")).toBeInTheDocument();
    expect(screen.getByLabelText(/パスワード/)).toHaveAttribute("aria-invalid", "true");
  });

  it("sends the password with DELETE and forgets who was signed in", async () => {
    const fetchMock = vi.fn(async () => new Response(null, { status: 204 }));
    vi.stubGlobal("fetch", fetchMock);
    const { client } = renderWithProviders(<AccountRights />);
    client.setQueryData(ME_KEY, { id: 1 });
    await openAndConfirm("correct horse battery");
    await waitFor(() => expect(client.getQueryData(ME_KEY)).toBeNull());
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("/api/v1/auth/me");
    expect(init.method).toBe("DELETE");
    expect(JSON.parse(String(init.body))).toEqual({ password: "correct horse battery" });
    expect((init.headers as Record<string, string>)["X-CSRFToken"]).toBe("t");
  });

  it("explains why the only administrator cannot leave", async () => {
    const conflict = { status: 409, title: "Conflict", detail: "You are the only administrator" };
    vi.stubGlobal("fetch", vi.fn(async () => jsonResponse(conflict, 409, "application/problem+json")));
    renderWithProviders(<AccountRights />);
    await openAndConfirm("correct horse battery");
    expect(await screen.findByRole("alert")).toHaveTextContent("ただ一人の管理者");
  });
});
