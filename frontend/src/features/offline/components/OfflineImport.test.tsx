import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { jsonResponse, renderWithProviders } from "../../../test/utils";
import { OfflineImport } from "./OfflineImport";
import { todayInJapan } from "../pages/ProxyEntryPage";

const REFUSED = {
  status: 422,
  title: "Invalid input",
  detail: "2 problem(s) in the file, so nothing was imported.",
  row_errors: [
    { line: 12, column: "本文", reason: "空欄です", message: "12行目「本文」：空欄です" },
    { line: 51, column: "受付日", reason: "未来の日付です（2099/01/01）", message: "51行目「受付日」：未来の日付です（2099/01/01）" },
  ],
  row_error_count: 2,
};

async function upload() {
  const file = new File(["受付日,経路,題名,本文\n"], "offline.csv", { type: "text/csv" });
  await userEvent.upload(screen.getByLabelText(/取り込むファイル/), file);
  await userEvent.click(screen.getByRole("button", { name: "取り込む" }));
}

describe("OfflineImport", () => {
  beforeEach(() => {
    document.cookie = "csrftoken=t";
  });
  afterEach(() => vi.unstubAllGlobals());

  it("lists each refused row in a table with its row, column and reason", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => jsonResponse(REFUSED, 422, "application/problem+json")));
    renderWithProviders(<OfflineImport processId={3} />);
    await upload();
    const table = await screen.findByRole("table", { name: "取り込めなかった理由" });
    const rows = within(table).getAllByRole("row");
    expect(rows).toHaveLength(3);
    expect(within(rows[1]!).getAllByRole("cell").map((c) => c.textContent)).toEqual(["12", "本文", "空欄です"]);
    expect(screen.getByText(/何も登録されていません/)).toHaveFocus();
  });

  it("says how many were imported and their reference numbers", async () => {
    const fetchMock = vi.fn(async (_url: string, _init?: RequestInit) =>
      jsonResponse({ created: 200, first_reference: "P3-2026-00001", last_reference: "P3-2026-00200", proposal_ids: [] }, 201),
    );
    vi.stubGlobal("fetch", fetchMock);
    renderWithProviders(<OfflineImport processId={3} />);
    await userEvent.click(screen.getByLabelText(/同じ題名・本文/));
    await upload();
    expect(await screen.findByRole("status")).toHaveTextContent("200件を取り込みました。受付番号は P3-2026-00001 から P3-2026-00200 までです。");
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe("/api/v1/processes/3/proxy-proposals/import?allow_duplicates=true");
    expect(init?.body).toBeInstanceOf(FormData);
  });

  it("asks for a file before sending anything", async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal("fetch", fetchMock);
    renderWithProviders(<OfflineImport processId={3} />);
    await userEvent.click(screen.getByRole("button", { name: "取り込む" }));
    expect(screen.getByText("ファイルを選んでください。")).toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("takes today's date in Japan, not the browser's time zone", () => {
    expect(todayInJapan(new Date("2026-12-06T16:30:00Z"))).toBe("2026-12-07");
  });
});
