import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { jsonResponse, renderWithProviders } from "../../../test/utils";
import ImportPage from "./ImportPage";
import { importsMessages } from "../i18n/imports";

const PREVIEW = {
  format: "pubcom",
  format_name: "e-Govパブリックコメント（意見の一覧）",
  encoding: "cp932",
  filename: "results.csv",
  columns: ["番号", "該当箇所", "御意見"],
  rows: [["1", "第1条", "賛成します。"], ["2", "第2条", "反対です。"]],
  row_count: 2,
  mapping: { text: "御意見", title: null, original_id: "番号", label: "該当箇所", received_on: null },
  takes_votes: false,
  votes: null,
};
const REFUSED = {
  status: 422,
  title: "Invalid input",
  detail: "1 problem(s) in the file, so nothing was imported.",
  row_errors: [{ line: 3, column: "御意見", reason: "空欄です", message: "3行目「御意見」：空欄です" }],
  row_error_count: 1,
};

async function readFile() {
  const file = new File(["番号,該当箇所,御意見\n"], "results.csv", { type: "text/csv" });
  await userEvent.upload(screen.getByLabelText(/意見のファイル/), file);
  await userEvent.click(screen.getByRole("button", { name: "ファイルを読み込む" }));
}

describe("ImportPage", () => {
  beforeEach(() => {
    document.cookie = "csrftoken=t";
  });
  afterEach(() => vi.unstubAllGlobals());

  it("shows the detected format, the suggested columns and the first rows, then imports", async () => {
    const fetchMock = vi.fn(async (url: string, _init?: RequestInit) =>
      url.endsWith("/preview") ? jsonResponse(PREVIEW)
        : jsonResponse({ import_id: 1, process_id: 7, proposals: 2, hidden: 0, votes: 0, participants: 0 }, 201));
    vi.stubGlobal("fetch", fetchMock);
    renderWithProviders(<ImportPage />);
    await readFile();
    expect(await screen.findByText(/results\.csv を「e-Govパブリックコメント（意見の一覧）」として読みました（2件/)).toBeInTheDocument();
    expect(screen.getByLabelText(/意見の本文の列/)).toHaveValue("御意見");
    expect(screen.getByLabelText(/元の分類・該当箇所の列/)).toHaveValue("該当箇所");
    expect(screen.getByLabelText(/題名の列/)).toHaveValue("");
    const table = screen.getByRole("table", { name: /最初の2行/ });
    expect(within(table).getAllByRole("row")).toHaveLength(3);

    await userEvent.click(screen.getByRole("button", { name: "取り込んでプロセスを作成" }));
    expect(screen.getByText("プロセスの名前を入力してください。")).toBeInTheDocument();
    expect(screen.getByLabelText(/プロセスの名前（日本語）/)).toHaveFocus();
    expect(fetchMock.mock.calls.filter(([url]) => url === "/api/v1/imports")).toHaveLength(0);
    await userEvent.type(screen.getByLabelText(/プロセスの名前（日本語）/), "条例案への意見");
    await userEvent.click(screen.getByRole("button", { name: "取り込んでプロセスを作成" }));
    expect(await screen.findByRole("link", { name: "作成したプロセスを開く" })).toHaveAttribute("href", "/processes/7");
    const [, init] = fetchMock.mock.calls.find(([url]) => url === "/api/v1/imports")!;
    const settings = JSON.parse((init!.body as FormData).get("settings") as string);
    expect(settings).toEqual({ title_ja: "条例案への意見", title_en: "", format: "pubcom", source: "",
      mapping: { text: "御意見", original_id: "番号", label: "該当箇所" } });
  });

  it("lists each refused row with its line, column and reason", async () => {
    vi.stubGlobal("fetch", vi.fn(async (url: string) =>
      url.endsWith("/preview") ? jsonResponse(PREVIEW) : jsonResponse(REFUSED, 422, "application/problem+json")));
    renderWithProviders(<ImportPage />);
    await readFile();
    await userEvent.type(await screen.findByLabelText(/プロセスの名前（日本語）/), "条例案への意見");
    await userEvent.click(screen.getByRole("button", { name: "取り込んでプロセスを作成" }));
    const table = await screen.findByRole("table", { name: "直す必要がある行" });
    const cells = within(within(table).getAllByRole("row")[1]!).getAllByRole("cell").map((c) => c.textContent);
    expect(cells).toEqual(["results.csv", "3", "御意見", "空欄です"]);
    expect(screen.getByText(/1件の問題があったため、何も取り込んでいません/)).toHaveFocus();
  });

  it("says in Japanese why a file cannot be read", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => jsonResponse(
      { status: 422, title: "Invalid input", detail: "results.pdf is a PDF." }, 422, "application/problem+json")));
    renderWithProviders(<ImportPage />);
    await readFile();
    expect(await screen.findByText("このファイルは取り込めません。理由と直し方：")).toBeInTheDocument();
    expect(screen.getByText("results.pdf is a PDF.")).toHaveAttribute("lang", "en");
    expect(screen.queryByLabelText(/意見の本文の列/)).not.toBeInTheDocument();
  });

  it("has the same keys in Japanese and English", () => {
    const keys = (tree: object, prefix = ""): string[] => Object.entries(tree).flatMap(([k, v]) =>
      typeof v === "string" ? [`${prefix}${k}`] : keys(v as object, `${prefix}${k}.`));
    const ja = keys(importsMessages.ja);
    const en = keys(importsMessages.en).filter((k) => !k.endsWith("_one"));
    expect(en.sort()).toEqual(ja.sort());
  });
});
