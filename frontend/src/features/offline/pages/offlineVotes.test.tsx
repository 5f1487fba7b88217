import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { jsonResponse, renderWithProviders } from "../../../test/utils";
import OfflineVotesPage from "./OfflineVotesPage";

const PROCESS = {
  id: 3, slug: "vision", title_ja: "みどり市ビジョン", title_en: "Vision", description_ja: "", description_en: "",
  phase: "voting", phases: [], allowed_actions: ["vote", "proxy_entry"], channels: ["online", "paper", "meeting"],
  archived_at: null,
};
const proposal = (id: number, title: string) => ({
  id, process_id: 3, title, body: "", district_code: null, tags: [], language: "ja", channel: "online",
  status: "published", author: null, submitter_name: null, tally: { agree: 0, disagree: 0, pass: 0 },
  comment_count: 0, content_hash: "", created_at: "2026-12-01T00:00:00Z", updated_at: "2026-12-01T00:00:00Z",
});

function server(posted: { url: string; body: unknown }[]) {
  return vi.fn(async (url: string, init?: RequestInit) => {
    if (init?.method === "POST") {
      posted.push({ url, body: JSON.parse(String(init.body)) });
      return jsonResponse({ id: 9, label: "紙票-0012", channel: "paper", votes: [{}, {}], district_code: null,
        age_band: null, received_on: null, entered_by: null, created_at: "" }, 201);
    }
    if (url.includes("/proposals")) return jsonResponse({ items: [proposal(12, "公園に日陰を"), proposal(11, "バスを増やして")] });
    if (url.includes("/ballots")) return jsonResponse({ items: [], total: 0 });
    if (url.includes("/tally-sheets")) return jsonResponse([]);
    if (url.includes("/districts")) return jsonResponse([]);
    if (url.includes("/processes")) return jsonResponse([PROCESS]);
    return jsonResponse({}, 404);
  });
}

afterEach(() => vi.unstubAllGlobals());

describe("OfflineVotesPage", () => {
  it("enters a paper ballot from the keyboard, proposals in the order of the printed ballot", async () => {
    const posted: { url: string; body: unknown }[] = [];
    vi.stubGlobal("fetch", server(posted));
    const user = userEvent.setup();
    renderWithProviders(<OfflineVotesPage />);
    const rows = await screen.findAllByRole("group", { name: /^\d\. / });
    expect(rows.map((r) => r.querySelector("legend")?.textContent)).toEqual(["1. バスを増やして", "2. 公園に日陰を"]);
    // first proposal: agree; Tab moves to the next proposal (on 「記入なし」), → → to disagree
    await user.click(screen.getByLabelText("賛成", { selector: "#ballot-11-agree" }));
    await user.tab();
    expect(screen.getByLabelText("記入なし", { selector: "#ballot-12-none" })).toHaveFocus();
    await user.keyboard("{ArrowRight}{ArrowRight}");
    expect(screen.getByLabelText("反対", { selector: "#ballot-12-disagree" })).toBeChecked();
    expect(screen.getByText("2 件に記入")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "この投票用紙を登録する" }));
    await waitFor(() => expect(posted).toHaveLength(1));
    expect(posted[0].url).toBe("/api/v1/processes/3/ballots");
    expect(posted[0].body).toMatchObject({
      channel: "paper",
      votes: [{ proposal_id: 11, vote: "agree" }, { proposal_id: 12, vote: "disagree" }],
    });
    await waitFor(() => expect(screen.getAllByRole("status").map((s) => s.textContent).join()).toContain("紙票-0012 として登録しました"));
    expect(screen.getByText("0 件に記入")).toBeInTheDocument();
  });

  it("refuses an empty ballot before sending it", async () => {
    const posted: { url: string; body: unknown }[] = [];
    vi.stubGlobal("fetch", server(posted));
    const user = userEvent.setup();
    renderWithProviders(<OfflineVotesPage />);
    await screen.findAllByRole("group", { name: /^\d\. / });
    await user.click(screen.getByRole("button", { name: "この投票用紙を登録する" }));
    expect(screen.getByText("どの提案にも記入がありません。記入のある提案を選んでください。")).toBeInTheDocument();
    expect(posted).toEqual([]);
  });
});
