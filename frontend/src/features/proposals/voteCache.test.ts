import { describe, expect, it } from "vitest";
import { QueryClient } from "@tanstack/react-query";
import { applyVoteResult } from "./voteCache";
import type { Proposal, ProposalPage } from "../../shared/api/types";

const item = (id: number) => ({ id, process_id: 1, my_vote: null, tally: { agree: 0, disagree: 0, pass: 0 } }) as unknown as Proposal;

describe("applyVoteResult", () => {
  it("writes the vote into the detail, list pages and my page without refetching them", () => {
    const client = new QueryClient();
    client.setQueryData(["proposal", 2], item(2));
    client.setQueryData(["proposals", 1, { sort: "newest" }], { pages: [{ items: [item(1), item(2)] }], pageParams: [undefined] });
    client.setQueryData(["proposals", 1, { mine: true }], { items: [item(2)] });
    client.setQueryData(["proposals", 9, {}], { items: [item(2)] }); // another process: untouched
    const tally = { agree: 1, disagree: 0, pass: 0 };
    applyVoteResult(client, 1, { proposal_id: 2, my_vote: "agree", tally });

    expect(client.getQueryData<Proposal>(["proposal", 2])).toMatchObject({ my_vote: "agree", tally });
    const list = client.getQueryData<{ pages: ProposalPage[] }>(["proposals", 1, { sort: "newest" }]);
    expect(list?.pages[0].items.map((p) => p.my_vote)).toEqual([null, "agree"]);
    expect(client.getQueryData<ProposalPage>(["proposals", 1, { mine: true }])?.items[0].tally).toEqual(tally);
    expect(client.getQueryData<ProposalPage>(["proposals", 9, {}])?.items[0].my_vote).toBeNull();
    expect(client.isFetching()).toBe(0);
  });
});
