/**
 * A vote's answer written into every cached copy of its proposal (the detail, list pages, my
 * page) in place. Refetching the lists instead re-sorted them under the resident's hand and
 * re-rendered the card they had just voted on.
 */
import type { InfiniteData, QueryClient } from "@tanstack/react-query";
import type { Proposal, ProposalPage, VoteResult } from "../../shared/api/types";

type CachedList = ProposalPage | InfiniteData<ProposalPage>;

function withVote(proposal: Proposal, result: VoteResult): Proposal {
  return proposal.id === result.proposal_id ? { ...proposal, my_vote: result.my_vote, tally: result.tally } : proposal;
}

function pageWithVote(page: ProposalPage, result: VoteResult): ProposalPage {
  return { ...page, items: page.items.map((item) => withVote(item, result)) };
}

export function applyVoteResult(client: QueryClient, processId: number, result: VoteResult) {
  client.setQueryData<Proposal>(["proposal", result.proposal_id], (old) => old && withVote(old, result));
  client.setQueriesData<CachedList>({ queryKey: ["proposals", processId] }, (old) => {
    if (!old) return old;
    if ("pages" in old) return { ...old, pages: old.pages.map((page) => pageWithVote(page, result)) };
    return pageWithVote(old, result);
  });
}
