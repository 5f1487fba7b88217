/** Typed calls for offline votes (/processes/{id}/tally-sheets, /ballots; planners and admins). */
import { del, get, post, put } from "../../shared/api/client";
import { endpoints } from "../../shared/api/endpoints";
import type { Schemas } from "../../shared/api/openapi";
import type { Proposal } from "../../shared/api/types";

/** A sheet's counts; `label` names the meeting or batch, e.g. 「中央公民館 説明会」. */
export type TallySheetInput = Schemas["TallySheetUpdate"];
export type TallySheet = Schemas["TallySheetOut"];
export type BallotMark = Schemas["BallotVoteIn"];
export type BallotInput = Schemas["BallotCreate"];
/** A paper ballot, or a participant of an imported consultation (channel `imported`). */
export type Ballot = Schemas["BallotOut"];

export const offlineApi = {
  sheets: (processId: number) => get<TallySheet[]>(`/processes/${processId}/tally-sheets`),
  enterSheet: (processId: number, body: Schemas["TallySheetCreate"]) =>
    post<TallySheet>(`/processes/${processId}/tally-sheets`, body),
  correctSheet: (processId: number, id: number, body: TallySheetInput) =>
    put<TallySheet>(`/processes/${processId}/tally-sheets/${id}`, body),
  removeSheet: (processId: number, id: number) => del<void>(`/processes/${processId}/tally-sheets/${id}`),
  ballots: (processId: number) => get<Schemas["BallotPage"]>(`/processes/${processId}/ballots`, { limit: 20 }),
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
