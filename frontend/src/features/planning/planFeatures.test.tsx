import type { ReactElement } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes } from "react-router";
import i18n from "../../shared/i18n";
import { jsonResponse, renderWithProviders } from "../../test/utils";
import type { Draft, MapPoint, ProposalOutcome, Theme, ThemeBoard } from "../../shared/api/planTypes";
import { BarChart } from "../council/components/Charts";
import DraftEditorPage from "../drafts/pages/DraftEditorPage";
import { CoverageLine, NotReflectedSection } from "../drafts/components/PlanCoverage";
import "./i18n";
import { OutcomeBody } from "../responses/components/OutcomePanel";
import { toParams } from "./components/RunStartForm";
import { checkResponse } from "../responses/pages/ResponsesPage";
import { BoardPublishPanel } from "../themes/components/BoardPublishPanel";
import { themeStyles } from "../themes/palette";
import { ThemeMap } from "../themes/components/ThemeMap";

function renderAt(path: string, route: string, ui: ReactElement) {
  void i18n.changeLanguage("ja");
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path={route} element={ui} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

describe("withheld cells in the council charts", () => {
  it("shows <5 instead of a number, says so in words and in the table", async () => {
    void i18n.changeLanguage("ja");
    render(
      <BarChart
        title="地区別の参加者数"
        cells={[
          { key: "aoba", participants: null, withheld: true },
          { key: "chuo", participants: 23, withheld: false },
        ]}
        label={(key) => ({ aoba: "青葉地区", chuo: "中央地区" })[key] ?? key}
      />,
    );
    const chart = screen.getByRole("img", { name: "地区別の参加者数" });
    expect(within(chart).getByText("<5")).toBeInTheDocument();
    expect(within(chart).getByText("23")).toBeInTheDocument();
    const description = document.getElementById(chart.getAttribute("aria-describedby")!);
    expect(description).toHaveTextContent("青葉地区 5 人未満");
    expect(description).toHaveTextContent("中央地区 23 人");
    expect(screen.getByTitle("5 人未満")).toHaveTextContent("<5");
  });
});

describe("the analysis start form", () => {
  const form = { backend: "tfidf" as const, counts: "manual" as const, nThemes: "8", nSubthemes: "", seed: "0" };

  it("sends automatic counts as null and given counts as numbers", () => {
    expect(toParams({ ...form, counts: "auto" }).params).toEqual({ backend: "tfidf", n_themes: null, n_subthemes: null, seed: 0 });
    expect(toParams(form).params).toMatchObject({ n_themes: 8, n_subthemes: null });
  });

  it("reports counts and seeds the API would refuse, per field", () => {
    expect(toParams({ ...form, nThemes: "1" }).errors).toEqual({ nThemes: "planning:runs.errors.nThemes" });
    expect(toParams({ ...form, nSubthemes: "abc", seed: "-1" }).errors).toEqual({
      nSubthemes: "planning:runs.errors.nSubthemes",
      seed: "planning:runs.errors.seed",
    });
  });
});

describe("the response form", () => {
  it("needs a target, a summary, a response and a status", () => {
    expect(
      Object.keys(checkResponse({ target: "proposal", themeKey: "", proposalId: "x", commentId: "", summary: " ", response: "", status: "" })),
    ).toEqual(["proposalId", "summary", "response", "status"]);
    expect(checkResponse({ target: "theme", themeKey: "t1", proposalId: "", commentId: "", summary: "a", response: "b", status: "reflected" })).toEqual({});
    const onComment = { target: "comment" as const, themeKey: "", proposalId: "", summary: "a", response: "b", status: "difficult" as const };
    expect(checkResponse({ ...onComment, commentId: "No.3" })).toEqual({ commentId: "responses:errors.comment" });
    expect(checkResponse({ ...onComment, commentId: "3" })).toEqual({});
  });
});

describe("the theme map", () => {
  const themes = [
    { key: "t1", title: "防災", is_other: false },
    { key: "t2", title: "子育て", is_other: false },
  ] as Theme[];
  const points: MapPoint[] = [
    { proposal_id: 1, theme_key: "t1", subtheme_key: "t1.1", x: 0, y: 0, title: "防災無線が聞こえない" },
    { proposal_id: 2, theme_key: "t2", subtheme_key: "t2.1", x: 1, y: 1, title: "保育園を増やして" },
  ];

  it("zooms with the buttons and filters by a marker's theme with Enter", async () => {
    void i18n.changeLanguage("ja");
    const onSelect = vi.fn();
    render(<ThemeMap points={points} themes={themes} styles={themeStyles(themes)} selectedTheme={null} onSelectTheme={onSelect} />);
    const user = userEvent.setup();
    expect(screen.getByText("倍率 1.0 倍")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: /拡大/ }));
    expect(screen.getByText("倍率 1.5 倍")).toBeInTheDocument();

    // One tab stop for all markers; arrows move between them.
    const first = screen.getByRole("button", { name: "防災無線が聞こえない（テーマ 1：防災）" });
    expect(first).toHaveAttribute("tabindex", "0");
    first.focus();
    await user.keyboard("{ArrowRight}");
    const second = screen.getByRole("button", { name: "保育園を増やして（テーマ 2：子育て）" });
    expect(second).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(onSelect).toHaveBeenCalledWith("t2", points[1]);
  });
});

describe("publishing the theme board", () => {
  const board = (published: boolean, unpublished_edits: number): ThemeBoard => ({
    run_id: 7, published, themes: [], excluded: [], points: [], unpublished_edits,
  });
  const panel = (b: ThemeBoard) =>
    renderWithProviders(<BoardPublishPanel board={b} processId={1} unpublishing={false} onUnpublish={() => {}} onSubmitted={() => {}} />);

  it("says how many edits wait for an approval and offers to submit them again", () => {
    panel(board(true, 3));
    expect(screen.getByRole("status")).toHaveTextContent("未公開の編集が3件あります。決裁を経て公開されます。");
    expect(screen.getByRole("button", { name: "決裁に回す" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "公開をやめる" })).toBeInTheDocument();
  });

  it("offers no second submission when residents already see every edit", () => {
    panel(board(true, 0));
    expect(screen.queryByText(/未公開の編集/)).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "決裁に回す" })).not.toBeInTheDocument();
  });
});

describe("the outcome of a proposal", () => {
  it("says which plan item it fed and the city's response with its status", () => {
    void i18n.changeLanguage("ja");
    const outcome: ProposalOutcome = {
      proposal_id: 2,
      theme: { run_id: 1, key: "t1", title: "防災と地域のつながり" },
      plan_items: [{ draft_id: 1, version: 4, key: "g2-m1", label: "2-1", title: "地域の防災力の向上" }],
      responses: [
        {
          id: 1, target_type: "theme", proposal_id: null, run_id: 1, theme_key: "t1", target_title: "",
          summary: "s", response: "基本目標2に位置づけます。", status: "partly_reflected", status_ja: "一部反映", updated_at: "",
        },
      ],
    };
    renderAt("/", "/", <OutcomeBody outcome={outcome} processId={1} />);
    expect(screen.getByRole("link", { name: "計画の項目 2-1「地域の防災力の向上」" })).toHaveAttribute("href", "/processes/1/draft#goal-g2");
    expect(screen.getByText("一部反映")).toBeInTheDocument();
    expect(screen.getByText("基本目標2に位置づけます。")).toBeInTheDocument();
  });
});

describe("the draft's coverage and the proposals it leaves out", () => {
  const coverage = { proposals: 173, traced: 160, not_reflected: 13, text_ja: "意見 173 件のうち 160 件を施策に反映" };
  const left = [{ title: "その他", reason: "いずれのテーマにもまとまらなかった個別の意見のため", proposal_ids: [3, 9] }];
  const ui = (
    <MemoryRouter>
      <CoverageLine coverage={coverage} />
      <NotReflectedSection items={left} />
    </MemoryRouter>
  );

  it("says how many proposals are traced to a measure and lists the rest with the reason", async () => {
    await i18n.changeLanguage("ja");
    render(ui);
    expect(screen.getByText("意見 173 件のうち 160 件を施策に反映")).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "計画に反映しなかった意見" })).toBeInTheDocument();
    const table = screen.getByRole("table");
    const row = within(table).getByRole("row", { name: /その他/ });
    expect(row).toHaveTextContent("いずれのテーマにもまとまらなかった個別の意見のため");
    expect(within(row).getByRole("link", { name: /#9$/ })).toHaveAttribute("href", "/proposals/9");
  });

  it("reads in English too, and shows nothing for a draft saved before coverage was kept", async () => {
    await i18n.changeLanguage("en");
    const { container } = render(ui);
    expect(screen.getByText("160 of 173 proposals traced to a measure")).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Proposals not reflected in the plan" })).toBeInTheDocument();
    container.remove();
    const old = render(
      <MemoryRouter>
        <CoverageLine coverage={null} />
        <NotReflectedSection />
      </MemoryRouter>,
    );
    expect(old.container).toBeEmptyDOMElement();
    await i18n.changeLanguage("ja");
  });
});

describe("saving a draft someone else saved first", () => {
  const draft: Draft = {
    id: 1, process_id: 1, run_id: null, current_version: 2, published_version: null, version: 2,
    created_at: "2026-11-01T00:00:00Z", published_at: null,
    content: { title: "総合計画 素案", preamble: "前文", sections: [{ key: "g1", title: "基本目標1", body: "", measures: [] }] },
  };
  const theirs = { ...draft.content, preamble: "相手が直した前文" };
  let puts: { base_version: number; content: Draft["content"] }[] = [];

  beforeEach(() => {
    document.cookie = "csrftoken=t";
    puts = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (url: string, init?: RequestInit) => {
        if (init?.method === "PUT") {
          const body = JSON.parse(String(init.body));
          puts.push(body);
          if (body.base_version === 2)
            return jsonResponse(
              { type: "/problems/conflict", status: 409, detail: "Someone saved version 3", current_version: 3, current: { ...draft, current_version: 3, content: theirs } },
              409,
              "application/problem+json",
            );
          return jsonResponse({ ...draft, current_version: 4, version: 4, content: body.content });
        }
        if (url.includes("/drafts/1")) return jsonResponse(draft);
        if (url.includes("/analysis-runs")) return jsonResponse([]);
        if (url.includes("/processes/1")) return jsonResponse({ id: 1, phase: "draft", title_ja: "計画", title_en: "Plan", phases: [], allowed_actions: [] });
        return jsonResponse({}, 404);
      }),
    );
  });
  afterEach(() => vi.unstubAllGlobals());

  it("explains the conflict and merges their changes with mine on request", async () => {
    renderAt("/planner/plan/1/drafts/1", "/planner/plan/:processId/drafts/:draftId", <DraftEditorPage />);
    const user = userEvent.setup();
    const title = await screen.findByLabelText(/基本目標 1 の名称/);
    await user.clear(title);
    await user.type(title, "私の基本目標");
    await user.click(screen.getByRole("button", { name: "新しい版として保存" }));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("ほかの人が新しい版（第 3 版）を先に保存しました。");
    expect(alert).toHaveTextContent("あなたの変更はまだ保存されていません。");
    await waitFor(() => expect(alert).toHaveFocus());

    await user.click(within(alert).getByRole("button", { name: "変更をまとめる" }));
    await user.click(screen.getByRole("button", { name: "新しい版として保存" }));
    await waitFor(() => expect(screen.getByText("第 4 版として保存しました。")).toBeInTheDocument());
    expect(puts[1].base_version).toBe(3);
    expect(puts[1].content.preamble).toBe("相手が直した前文");
    expect(puts[1].content.sections![0].title).toBe("私の基本目標");
  });
});
