import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { Process, Proposal } from "../../../shared/api/types";
import { ApiError } from "../../../shared/api/client";
import { jsonResponse, renderWithProviders } from "../../../test/utils";
import { ErrorMessage } from "../../../shared/components/Feedback";
import { Field } from "../../../shared/components/Field";
import { PhaseTimeline } from "./PhaseTimeline";
import { VoteButtons } from "./VoteButtons";

const proposal: Proposal = {
  id: 7,
  process_id: 1,
  title: "路線バスの本数を増やしてほしい",
  body: "朝の便が少ないです。",
  district_code: "kita",
  tags: [],
  language: "ja",
  channel: "online",
  status: "published",
  author: { id: 2, display_name: "北の住民" },
  submitter_name: null,
  tally: { agree: 3, disagree: 1, pass: 0 },
  comment_count: 0,
  content_hash: "x",
  created_at: "2026-09-01T00:00:00Z",
  updated_at: "2026-09-01T00:00:00Z",
  my_vote: null,
};

describe("VoteButtons", () => {
  beforeEach(() => {
    document.cookie = "csrftoken=t";
  });
  afterEach(() => vi.unstubAllGlobals());

  it("shows the tallies on toggle buttons that are not pressed yet", () => {
    renderWithProviders(<VoteButtons proposal={proposal} canVote />);
    const agree = screen.getByRole("button", { name: /賛成/ });
    expect(agree).toHaveAttribute("aria-pressed", "false");
    expect(agree).toHaveTextContent("3 人");
    expect(screen.getByRole("group", { name: "この提案をどう思いますか" })).toBeInTheDocument();
  });

  it("sends the vote with PUT and announces it", async () => {
    const fetchMock = vi.fn().mockResolvedValue(
      jsonResponse({ proposal_id: 7, my_vote: "agree", tally: { agree: 4, disagree: 1, pass: 0 } }),
    );
    vi.stubGlobal("fetch", fetchMock);
    renderWithProviders(<VoteButtons proposal={proposal} canVote />);
    await userEvent.click(screen.getByRole("button", { name: /賛成/ }));
    await waitFor(() => expect(screen.getByRole("status")).toHaveTextContent("「賛成」で受け付けました。"));
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe("/api/v1/proposals/7/vote");
    expect(init.method).toBe("PUT");
    expect(JSON.parse(init.body)).toEqual({ value: "agree" });
  });

  it("says how much of the tally came on paper or at meetings", () => {
    renderWithProviders(
      <VoteButtons proposal={{ ...proposal, tally: { agree: 12, disagree: 3, pass: 1 }, offline_tally: { agree: 5, disagree: 2, pass: 0 } }} canVote />,
    );
    expect(screen.getByRole("button", { name: /賛成/ })).toHaveTextContent("12 人");
    expect(screen.getByText("うち紙・説明会など: 賛成 5・反対 2・どちらでもない 0")).toBeInTheDocument();
  });

  it("marks the resident's own vote as pressed and disables voting when not allowed", () => {
    renderWithProviders(
      <VoteButtons proposal={{ ...proposal, my_vote: "pass" }} canVote={false} reasonIfNot="いまの段階では投票できません。" />,
    );
    expect(screen.getByRole("button", { name: /どちらでもない/ })).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByRole("button", { name: /賛成/ })).toBeDisabled();
    expect(screen.getByText("いまの段階では投票できません。")).toBeInTheDocument();
  });

  it("keeps the buttons enabled while a vote is sent, so focus stays on the pressed one", async () => {
    let answer: (response: Response) => void = () => {};
    vi.stubGlobal("fetch", vi.fn().mockReturnValue(new Promise<Response>((resolve) => (answer = resolve))));
    renderWithProviders(<VoteButtons proposal={proposal} canVote compact />);
    const agree = screen.getByRole("button", { name: /賛成/ });
    await userEvent.click(agree);
    expect(await screen.findByText("送信しています…")).toBeInTheDocument();
    expect(agree).toBeEnabled();
    expect(agree).toHaveFocus();
    answer(jsonResponse({ proposal_id: 7, my_vote: "agree", tally: { agree: 4, disagree: 1, pass: 0 } }));
    await waitFor(() => expect(screen.getByRole("status")).toHaveTextContent("「賛成」で受け付けました。"));
    expect(agree).toHaveFocus();
    expect(screen.getByRole("group", { name: "「路線バスの本数を増やしてほしい」への投票" })).toBeInTheDocument();
  });

  it("offers a sign-in link instead of buttons to a signed-out visitor", () => {
    renderWithProviders(<VoteButtons proposal={proposal} canVote={false} signedIn={false} compact />);
    expect(screen.queryByRole("button")).not.toBeInTheDocument();
    expect(screen.getByRole("link", { name: "ログインして投票する" })).toHaveAttribute("href", "/signin");
  });

  it("shows a plain sentence when the phase does not allow voting", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn().mockResolvedValue(
        jsonResponse({ type: "/problems/phase-closed", status: 409, detail: "closed" }, 409, "application/problem+json"),
      ),
    );
    renderWithProviders(<VoteButtons proposal={proposal} canVote />);
    await userEvent.click(screen.getByRole("button", { name: /反対/ }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "この取り組みは、いまの段階ではこの操作を受け付けていません。",
    );
  });
});

describe("Field", () => {
  it("ties the label, hint and error to the control", () => {
    renderWithProviders(
      <Field
        id="t"
        label="タイトル"
        hint="120文字まで"
        error={{ key: "validation.required", values: { fieldKey: "newProposal.titleLabel" } }}
        required
      >
        {(props) => <input {...props} />}
      </Field>,
    );
    const input = screen.getByRole("textbox", { name: /タイトル/ });
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(input).toHaveAccessibleDescription("タイトルを入力してください。 120文字まで");
  });

  it("has no error state without an error", () => {
    renderWithProviders(
      <Field id="n" label="メモ">
        {(props) => <input {...props} />}
      </Field>,
    );
    expect(screen.getByRole("textbox", { name: /メモ/ })).not.toHaveAttribute("aria-invalid");
  });
});

describe("PhaseTimeline", () => {
  it("marks the current phase as the current step", () => {
    const process = {
      id: 1,
      phase: "voting",
      phases: [
        { phase: "voting", starts_on: "2026-10-01", ends_on: "2026-11-30" },
        { phase: "ideas", starts_on: "2026-07-01", ends_on: "2026-09-30" },
        { phase: "closed" },
      ],
    } as unknown as Process;
    renderWithProviders(<PhaseTimeline process={process} />);
    const steps = screen.getAllByRole("listitem");
    expect(steps.map((s) => s.textContent?.slice(0, 4))).toEqual(["意見募集", "投票いま", "終了日程"]);
    expect(steps[1]).toHaveAttribute("aria-current", "step");
  });
});

describe("ErrorMessage", () => {
  it("never shows raw JSON", () => {
    renderWithProviders(<ErrorMessage error={new ApiError(500, { title: "{\"x\":1}" })} />, { language: "en" });
    expect(screen.getByRole("alert")).toHaveTextContent("An error occurred on our side. Please try again in a moment.");
  });
});
