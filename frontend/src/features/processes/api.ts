/** Typed calls for process and district management (/processes, /districts; planners and admins). */
import { del, get, patch, post } from "../../shared/api/client";
import type { QueryParams, Schemas } from "../../shared/api/openapi";
import type { District, PhaseDates, Process, VerificationLevel } from "../../shared/api/types";

export type Channel = Process["channels"][number];
export const ALL_CHANNELS: Channel[] = ["online", "paper", "meeting", "phone"];
export type ArchivedFilter = NonNullable<QueryParams<"listProcesses">["archived"]>;

export interface ProcessInput {
  slug?: string;
  title_ja: string;
  title_en: string;
  description_ja: string;
  description_en: string;
  phases: PhaseDates[];
  channels: Channel[];
  /** one place name per entry */
  landmarks: string[];
  /** the least verification tier to post and to vote (本人確認の段階) */
  min_level_to_propose: VerificationLevel;
  min_level_to_vote: VerificationLevel;
}

export interface DistrictInput {
  code?: string;
  name_ja: string;
  name_en: string;
  position?: number;
}

export type DistrictMerged = Schemas["DistrictMerged"];

export const setupApi = {
  processes: (archived: ArchivedFilter) => get<Process[]>("/processes", { archived }),
  createProcess: (body: ProcessInput) => post<Process>("/processes", body),
  updateProcess: (id: number, { slug: _slug, ...body }: ProcessInput) => patch<Process>(`/processes/${id}`, body),
  archive: (id: number) => post<Process>(`/processes/${id}/archive`),
  restore: (id: number) => post<Process>(`/processes/${id}/restore`),
  createDistrict: (body: DistrictInput) => post<District>("/districts", body),
  updateDistrict: (code: string, { code: _code, ...body }: DistrictInput) =>
    patch<District>(`/districts/${encodeURIComponent(code)}`, body),
  deleteDistrict: (code: string) => del<void>(`/districts/${encodeURIComponent(code)}`),
  mergeDistrict: (code: string, into: string) =>
    post<DistrictMerged>(`/districts/${encodeURIComponent(code)}/merge`, { into }),
};
