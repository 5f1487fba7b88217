import { describe, expect, it, vi } from "vitest";
import { useState } from "react";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ApiError } from "../../shared/api/client";
import type { PhaseDates } from "../../shared/api/types";
import { jsonResponse, renderWithProviders } from "../../test/utils";
import { PhaseEditor } from "./components/PhaseEditor";
import ProcessFormPage from "./pages/ProcessFormPage";
import { serverProblems } from "./problems";
import "./i18n";

function Editor({ start, problems = {} }: { start: PhaseDates[]; problems?: Record<string, string> }) {
  const [phases, setPhases] = useState(start);
  return <PhaseEditor phases={phases} onChange={setPhases} problems={problems} />;
}

const kinds = () => screen.getAllByRole("combobox").map((s) => (s as HTMLSelectElement).value);

describe("PhaseEditor", () => {
  it("adds the next phase, focuses it and keeps the phases in their allowed order", async () => {
    const user = userEvent.setup();
    renderWithProviders(<Editor start={[{ phase: "ideas" }]} />);
    await user.click(screen.getByRole("button", { name: "段階を追加する" }));
    expect(kinds()).toEqual(["ideas", "voting"]);
    await waitFor(() => expect(screen.getByLabelText(/段階 2/)).toHaveFocus());
    await user.selectOptions(screen.getByLabelText(/段階 1/), "closed");
    expect(kinds()).toEqual(["voting", "closed"]);
    await user.click(screen.getByRole("button", { name: "「投票」を外す" }));
    expect(kinds()).toEqual(["closed"]);
    expect(screen.getByRole("button", { name: "段階を追加する" })).toHaveFocus();
  });

  it("ties a date problem to its field", () => {
    renderWithProviders(
      <Editor start={[{ phase: "ideas", starts_on: "2027-02-01", ends_on: "2027-01-01" }]}
        problems={{ "phases[0].ends_on": "終了日が開始日より前になっています。" }} />,
    );
    const end = screen.getByLabelText(/意見募集の終了日/);
    expect(end).toHaveAttribute("aria-invalid", "true");
    expect(end).toHaveAccessibleDescription("終了日が開始日より前になっています。");
  });
});

describe("serverProblems", () => {
  it("words the server's field errors in Japanese", () => {
    const t = vi.fn((key: string) => key);
    const error = new ApiError(409, { errors: [{ field: "slug", message: "already used" },
      { field: "phases[1].ends_on", message: "ends before it starts" }, { field: "title_en", message: "Expected `str`" }] });
    expect(serverProblems(error, t)).toEqual({
      slug: "setup:errors.taken",
      "phases[1].ends_on": "setup:errors.endsBeforeStart",
      title_en: "validation.invalid",
    });
  });
});

describe("ProcessFormPage", () => {
  it("sends the landmarks one per line, trimmed, without blank lines", async () => {
    const user = userEvent.setup();
    const fetchMock = vi.fn().mockResolvedValue(jsonResponse({ id: 9, title_ja: "川の計画" }, 201));
    vi.stubGlobal("fetch", fetchMock);
    renderWithProviders(<ProcessFormPage />);
    await user.type(screen.getByLabelText(/URL用の名前/), "river-2030");
    await user.type(screen.getByLabelText(/タイトル（日本語）/), "川の計画");
    const landmarks = screen.getByLabelText(/ランドマーク/);
    expect(landmarks).toHaveAccessibleDescription(/1行に1つ/);
    await user.type(landmarks, " 緑川 {enter}{enter}南浜");
    await user.click(screen.getByRole("button", { name: "プロセスを作成する" }));
    const posted = () => fetchMock.mock.calls.find(([, init]) => init?.method === "POST");
    await waitFor(() => expect(posted()).toBeDefined());
    const [url, init] = posted()!;
    expect(url).toBe("/api/v1/processes");
    expect(JSON.parse(init.body)).toMatchObject({ slug: "river-2030", landmarks: ["緑川", "南浜"] });
    vi.unstubAllGlobals();
  });
});
