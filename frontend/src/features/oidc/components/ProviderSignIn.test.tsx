import { afterEach, describe, expect, it, vi } from "vitest";
import { screen } from "@testing-library/react";
import { jsonResponse, renderWithProviders } from "../../../test/utils";
import ProviderSignIn from "./ProviderSignIn";

const LINE = {
  id: "line",
  name_ja: "LINE",
  name_en: "LINE",
  button_ja: "LINEでログイン",
  button_en: "Sign in with LINE",
  start_url: "/api/v1/auth/oidc/line/start",
};

describe("ProviderSignIn", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("shows one button per provider, returning to the page the sign-in started from", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => jsonResponse([LINE])));
    renderWithProviders(<ProviderSignIn returnTo="/processes/3" />, { route: "/signin" });
    const button = await screen.findByRole("link", { name: "LINEでログイン" });
    expect(button).toHaveAttribute("href", "/api/v1/auth/oidc/line/start?return_to=%2Fprocesses%2F3");
  });

  it("explains a sign-in the server refused, and nothing for an unknown code", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => jsonResponse([])));
    renderWithProviders(<ProviderSignIn />, { route: "/signin?oidc_error=email_in_use" });
    expect(await screen.findByRole("alert")).toHaveTextContent("このメールアドレスのアカウントがすでにあります");
    expect(screen.queryByRole("link")).toBeNull();
  });

  it("shows no message for a code it does not know", () => {
    vi.stubGlobal("fetch", vi.fn(async () => jsonResponse([])));
    renderWithProviders(<ProviderSignIn />, { route: "/signin?oidc_error=<script>" });
    expect(screen.queryByRole("alert")).toBeNull();
  });
});
