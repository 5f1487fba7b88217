/** Typed calls for offline votes (/processes/{id}/tally-sheets, /ballots; planners and admins). */
import { del, get, post, put } from "../../shared/api/client";
import { endpoints } from "../../shared/api/endpoints";
import type { AgeBand, Proposal, ProxyChannel, PublicUser, Tally, VoteValue } from "../../shared/api/types";

export interface TallySheetInput {
  agree: number;
  disagree: number;
  pass: number;
  /** the meeting or batch, e.g. 「中央公民館 説明会」 */
  label?: string | null;
  held_on?: string | null;
  note?: string | null;
}

export interface TallySheet {
  id: number;
  process_id: number;
  proposal_id: number;
  channel: ProxyChannel;
  tally: Tally;
  label: string | null;
  held_on: string | null;
  note: string | null;
  entered_by: PublicUser | null;
  updated_by: PublicUser | null;
  created_at: string;
  updated_at: string;
}

export interface BallotMark {
  proposal_id: number;
  vote: VoteValue;
}

export interface BallotInput {
  channel: ProxyChannel;
  votes: BallotMark[];
  district_code?: string | null;
  age_band?: AgeBand | null;
  received_on?: string | null;
}

export interface Ballot {
  id: number;
  label: string;
  channel: ProxyChannel;
  district_code: string | null;
  age_band: AgeBand | null;
  received_on: string | null;
  votes: BallotMark[];
  entered_by: PublicUser | null;
  created_at: string;
}

export const offlineApi = {
  sheets: (processId: number) => get<TallySheet[]>(`/processes/${processId}/tally-sheets`),
  enterSheet: (processId: number, body: TallySheetInput & { proposal_id: number; channel: ProxyChannel }) =>
    post<TallySheet>(`/processes/${processId}/tally-sheets`, body),
  correctSheet: (processId: number, id: number, body: TallySheetInput) =>
    put<TallySheet>(`/processes/${processId}/tally-sheets/${id}`, body),
  removeSheet: (processId: number, id: number) => del<void>(`/processes/${processId}/tally-sheets/${id}`),
  ballots: (processId: number) => get<{ items: Ballot[]; total: number }>(`/processes/${processId}/ballots`, { limit: 20 }),
  enterBallot: (processId: number, body: BallotInput) => post<Ballot>(`/processes/${processId}/ballots`, body),
  removeBallot: (processId: number, id: number) => del<void>(`/processes/${processId}/ballots/${id}`),
  /** Every published proposal of the process, oldest first (the order of a printed ballot). */
  allProposals: async (processId: number): Promise<Proposal[]> => {
    const found: Proposal[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const result = await endpoints.proposals(processId, {}, cursor, 100);
      found.push(...result.items);
      if (!result.next_cursor) break;
      cursor = result.next_cursor;
    }
    return found.sort((a, b) => a.id - b.id);
  },
};
