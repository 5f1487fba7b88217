import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes } from "react-router";
import i18n from "../../../shared/i18n";
import { jsonResponse } from "../../../test/utils";
import type { Draft, SectionComment } from "../../../shared/api/planTypes";
import PublicDraftPage from "../pages/PublicDraftPage";

const draft: Draft = {
  id: 5, process_id: 1, run_id: 1, current_version: 2, published_version: 2, version: 2,
  created_at: "2026-11-01T00:00:00Z", published_at: "2026-11-02T00:00:00Z",
  content: {
    title: "総合計画 素案",
    preamble: "",
    sections: [{
      key: "g1", title: "移動しやすいまち", body: "", measures: [{
        key: "g1-m1", title: "公共交通の利便性向上", body: "",
        actions: [{ key: "g1-m1-a1", title: "バス停の整備", body: "" }],
        kpis: [{
          name: "路線バスの年間利用者数", baseline: "412,000", target: "450,000", target_year: "2030年度",
          unit: "", source: "", direction: "increase", pending: false,
        }],
      }],
    }],
  },
};
const answered: SectionComment = {
  id: 7, section_key: "g1-m1-k1", version_number: 1, author_display_name: "みどり",
  body: "目標値が低いと思います。", created_at: "2026-11-03T00:00:00Z",
  answer: { status: "for_reference", status_ja: "今後の参考", response: "次の見直しで検討します。", published_at: "2026-11-04T00:00:00Z" },
};

const removed: SectionComment = { ...answered, id: 6, section_key: "g1-m2", body: "施策1-2は要りません。", answer: null };

describe("comments on every item of the published draft", () => {
  let posts: { url: string; body: unknown }[] = [];

  beforeEach(() => {
    document.cookie = "csrftoken=t";
    posts = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (url: string, init?: RequestInit) => {
        if (init?.method === "POST") {
          posts.push({ url, body: JSON.parse(String(init.body)) });
          return jsonResponse({ id: 8, section_key: "g1-m1", version_number: 2, author_display_name: "わたし", body: "x", created_at: "2026-11-05T00:00:00Z" }, 201);
        }
        if (url.includes("/auth/me")) return jsonResponse({ id: 3, role: "resident", display_name: "わたし", email: "r@example.jp" });
        if (url.includes("/drafts/5/comments")) return jsonResponse([answered, removed]);
        if (url.includes("/processes/1/draft")) return jsonResponse(draft);
        if (url.includes("/processes/1")) return jsonResponse({ id: 1, phase: "feedback", title_ja: "計画", title_en: "Plan", phases: [], allowed_actions: [] });
        return jsonResponse({}, 404);
      }),
    );
  });
  afterEach(() => vi.unstubAllGlobals());

  it("counts each item's comments, shows the city's answer and sends a comment on a measure", async () => {
    void i18n.changeLanguage("ja");
    const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
    render(
      <QueryClientProvider client={client}>
        <MemoryRouter initialEntries={["/processes/1/draft"]}>
          <Routes>
            <Route path="/processes/:processId/draft" element={<PublicDraftPage />} />
          </Routes>
        </MemoryRouter>
      </QueryClientProvider>,
    );
    const user = userEvent.setup();
    const onMeasure = await screen.findByRole("button", { name: "この施策に意見を書く（施策 1-1 公共交通の利便性向上）" });
    expect(screen.getByRole("button", { name: "この取組に意見を書く（取組 1-1-1 バス停の整備）" })).toBeInTheDocument();
    const onKpi = screen.getByRole("button", { name: "この指標に意見を書く（指標 1-1-1 路線バスの年間利用者数）" });
    await waitFor(() => expect(onKpi.parentElement).toHaveTextContent("意見 1 件"));
    expect(onMeasure.parentElement).toHaveTextContent("意見 0 件");

    const kpiComments = screen.getByRole("heading", { name: "指標 1-1-1「路線バスの年間利用者数」への意見" }).parentElement!;
    expect(kpiComments).toHaveTextContent("目標値が低いと思います。");
    expect(kpiComments).toHaveTextContent("第 1 版への意見");
    expect(within(kpiComments).getByText("市の考え方")).toBeInTheDocument();
    expect(kpiComments).toHaveTextContent("今後の参考");
    expect(kpiComments).toHaveTextContent("次の見直しで検討します。");

    const earlier = screen.getByRole("region", { name: "以前の版にあった項目への意見" });
    expect(earlier).toHaveTextContent("施策1-2は要りません。");
    expect(earlier).toHaveTextContent("第 1 版への意見");

    await user.click(onKpi);
    expect(onKpi).toHaveAttribute("aria-expanded", "true");
    await user.click(onMeasure); // one form at a time
    expect(onKpi).toHaveAttribute("aria-expanded", "false");
    expect(screen.getAllByRole("textbox")).toHaveLength(1);
    const box = screen.getByRole("textbox", { name: /施策 1-1 公共交通の利便性向上/ });
    await waitFor(() => expect(box).toHaveFocus());

    await user.click(screen.getByRole("button", { name: "意見を送る" }));
    expect(await screen.findByText("意見を入力してください。")).toBeInTheDocument();
    await user.type(box, "バスの本数を増やしてください。");
    await user.click(screen.getByRole("button", { name: "意見を送る" }));
    await waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0].url).toContain("/drafts/5/sections/g1-m1/comments");
    expect(posts[0].body).toEqual({ body: "バスの本数を増やしてください。" });
    expect(await screen.findByText("意見を送りました。ありがとうございました。")).toBeInTheDocument();
    await waitFor(() => expect(onMeasure).toHaveFocus());
    expect(screen.queryByRole("textbox")).toBeNull();
  });
});
