import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { jsonResponse, renderWithProviders } from "../../../test/utils";
import type { Worklist as WorklistPage, WorklistItem } from "../../../shared/api/planTypes";
import "../i18n";
import { ProposalPicker } from "./ProposalPicker";
import { Worklist } from "./Worklist";
import { nextActive, percentAnswered, targetOf } from "../worklistModel";

const proposal = (id: number, title: string, answered = false): WorklistItem => ({
  kind: "proposal",
  target_key: String(id),
  title,
  id,
  run_id: 7,
  theme_key: "t1",
  theme_title: "公共交通",
  agree: 3,
  disagree: 1,
  response: answered ? { id: 1, status: "reflected", status_ja: "反映", summary: "s", response: "r", published: false } : null,
});

const PROPOSALS = [proposal(11, "路線バスの本数を増やしてほしい"), proposal(12, "バス停に屋根を"), proposal(13, "公園を広く", true)];

function page(items: WorklistItem[], matching = items.length): WorklistPage {
  const count = { answered: 42, total: 173 };
  return { items, progress: { proposal: count, theme: { answered: 0, total: 5 }, comment: { answered: 0, total: 0 }, overall: count }, run_id: 7, matching, next_cursor: null };
}

let requests: URL[] = [];
let posts: unknown[] = [];

beforeEach(() => {
  document.cookie = "csrftoken=t";
  requests = [];
  posts = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: string, init?: RequestInit) => {
      const url = new URL(input, "http://localhost");
      requests.push(url);
      if (init?.method === "POST") {
        posts.push(JSON.parse(String(init.body)));
        return jsonResponse({ created: 2, updated: 0, skipped: 1, response_ids: [1, 2] });
      }
      if (url.pathname.endsWith("/responses/worklist")) {
        const q = url.searchParams.get("q") ?? "";
        const found = PROPOSALS.filter((p) => p.title.includes(q.replace("ばす", "バス")));
        if (url.searchParams.get("theme") === "t1" && url.searchParams.get("limit") === "1") return jsonResponse(page(found.slice(0, 1), 2));
        return jsonResponse(page(found));
      }
      if (url.pathname.endsWith("/analysis-runs/7/themes"))
        return jsonResponse({ run_id: 7, published: true, themes: [{ key: "t1", title: "公共交通", subthemes: [{ key: "t1.1", title: "バス" }] }], excluded: [], points: [] });
      return jsonResponse({}, 404);
    }),
  );
});
afterEach(() => vi.unstubAllGlobals());

describe("the worklist's small rules", () => {
  it("rounds the percentage down, so 100% means all answered", () => {
    expect(percentAnswered({ answered: 42, total: 173 })).toBe(24);
    expect(percentAnswered({ answered: 172, total: 173 })).toBe(99);
    expect(percentAnswered({ answered: 0, total: 0 })).toBe(0);
  });

  it("moves through options with the arrow keys and wraps at the ends", () => {
    expect(nextActive("ArrowDown", -1, 3)).toBe(0);
    expect(nextActive("ArrowDown", 2, 3)).toBe(0);
    expect(nextActive("ArrowUp", 0, 3)).toBe(2);
    expect(nextActive("ArrowDown", -1, 0)).toBe(-1);
  });

  it("opens the form on the row's proposal, theme or comment", () => {
    expect(targetOf(PROPOSALS[0])).toEqual({ target: "proposal", proposalId: 11, title: "路線バスの本数を増やしてほしい" });
    expect(targetOf({ ...PROPOSALS[0], kind: "theme", id: null, theme_key: "t2" })).toMatchObject({ target: "theme", themeKey: "t2" });
    expect(targetOf({ ...PROPOSALS[0], kind: "comment", id: 5 })).toMatchObject({ target: "comment", commentId: 5 });
  });
});

describe("the proposal picker", () => {
  it("finds proposals by words and is chosen with the keyboard", async () => {
    const chosen = vi.fn();
    renderWithProviders(
      <>
        <label htmlFor="pick">提案</label>
        <ProposalPicker id="pick" processId={1} chosen="" onChoose={chosen} />
      </>,
    );
    const user = userEvent.setup();
    const box = screen.getByRole("combobox", { name: "提案" });
    await user.type(box, "ばす");
    const list = await screen.findByRole("listbox");
    await waitFor(() => expect(within(list).getAllByRole("option")).toHaveLength(2));
    expect(requests.some((u) => u.searchParams.get("q") === "ばす" && u.searchParams.get("kind") === "proposal")).toBe(true);
    expect(box).toHaveAttribute("aria-expanded", "true");
    await user.keyboard("{ArrowDown}{ArrowDown}");
    const second = within(list).getAllByRole("option")[1];
    expect(second).toHaveAttribute("aria-selected", "true");
    expect(box).toHaveAttribute("aria-activedescendant", second.id);
    await user.keyboard("{Enter}");
    expect(chosen).toHaveBeenCalledWith({ id: 12, title: "バス停に屋根を" });
    expect(box).toHaveValue("バス停に屋根を");
    expect(box).toHaveAttribute("aria-expanded", "false");
  });
});

describe("the answering worklist", () => {
  it("says the progress in words and answers a theme's unanswered proposals after confirming the count", async () => {
    const onMessage = vi.fn();
    const onAnswer = vi.fn();
    renderWithProviders(<Worklist processId={1} onAnswer={onAnswer} onMessage={onMessage} />);
    const user = userEvent.setup();
    expect((await screen.findAllByText(/回答済み 42 \/ 173件（24%）/)).length).toBeGreaterThan(0);
    await user.click(screen.getByRole("button", { name: "回答する: 路線バスの本数を増やしてほしい" }));
    expect(onAnswer).toHaveBeenCalledWith(PROPOSALS[0]);

    await screen.findByRole("option", { name: "公共交通" });
    await user.selectOptions(screen.getByRole("combobox", { name: "テーマ" }), "t1");
    const bulk = await screen.findByRole("button", { name: /このテーマの未回答の提案にまとめて回答/ });
    await waitFor(() => expect(bulk).toBeEnabled());
    await user.click(bulk);
    expect(await screen.findByText(/未回答の提案 2 件に、同じ/)).toBeInTheDocument();
    await user.type(screen.getByLabelText(/意見の概要/), "バスの意見");
    await user.type(screen.getByLabelText(/市の考え方/), "協議します");
    await user.selectOptions(screen.getByLabelText(/反映状況/), "for_reference");
    await user.click(screen.getByRole("button", { name: "2 件に保存する" }));
    await waitFor(() => expect(onMessage).toHaveBeenCalled());
    expect(posts).toEqual([{ run_id: 7, theme_key: "t1", summary: "バスの意見", response: "協議します", status: "for_reference", only_unanswered: true }]);
    expect(onMessage.mock.calls[0][0]).toContain("2 件に回答しました");
  });
});
