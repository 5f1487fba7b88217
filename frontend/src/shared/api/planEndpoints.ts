/** Typed calls to the planner-workflow routes, through the shared API client (CSRF, problem+json). */
import { API_BASE, get, post, put } from "./client";
import type {
  AnalysisParams,
  Approval,
  ApprovalObject,
  ApprovalPreview,
  ApprovalState,
  BulkResponse,
  BulkResult,
  CityResponse,
  Draft,
  DraftContent,
  DraftComparison,
  DraftVersion,
  DuplicateGroup,
  ExportEra,
  ExportFormat,
  ExportJob,
  PublicExport,
  LineageItem,
  Opinions,
  Participation,
  StaffActivity,
  ProposalOutcome,
  PublicThemes,
  ResponseTable,
  ResponseUpsert,
  Run,
  SectionComment,
  ThemeBoard,
  ThemeEdit,
  ThemeEditRecord,
  Worklist,
  WorklistQuery,
} from "./planTypes";

export const planning = {
  runs: (processId: number) => get<Run[]>(`/processes/${processId}/analysis-runs`),
  startRun: (processId: number, params: AnalysisParams) =>
    post<Run>(`/processes/${processId}/analysis-runs`, params),
  run: (runId: number) => get<Run>(`/analysis-runs/${runId}`),
  cancelRun: (runId: number) => post<Run>(`/analysis-runs/${runId}/cancel`),
  retryRun: (runId: number) => post<Run>(`/analysis-runs/${runId}/retry`),
  unpublishRun: (runId: number) => post<Run>(`/analysis-runs/${runId}/unpublish`),

  board: (runId: number) => get<ThemeBoard>(`/analysis-runs/${runId}/themes`),
  editThemes: (runId: number, edit: ThemeEdit) => post<ThemeBoard>(`/analysis-runs/${runId}/theme-edits`, edit),
  themeEdits: (runId: number) => get<ThemeEditRecord[]>(`/analysis-runs/${runId}/theme-edits`),
  opinions: (runId: number) => get<Opinions>(`/analysis-runs/${runId}/opinions`),
  duplicates: (runId: number) => get<DuplicateGroup[]>(`/analysis-runs/${runId}/duplicates`),
  publicThemes: (processId: number) => get<PublicThemes>(`/processes/${processId}/themes`),

  drafts: (processId: number) => get<Draft[]>(`/processes/${processId}/drafts`),
  generateDraft: (processId: number, runId: number, title?: string) =>
    post<Draft>(`/processes/${processId}/drafts`, title ? { run_id: runId, title } : { run_id: runId }),
  draft: (draftId: number, version?: number) => get<Draft>(`/drafts/${draftId}`, { version }),
  saveDraft: (draftId: number, baseVersion: number, content: DraftContent, note: string) =>
    put<Draft>(`/drafts/${draftId}`, { base_version: baseVersion, content, note }),
  versions: (draftId: number) => get<DraftVersion[]>(`/drafts/${draftId}/versions`),
  compare: (draftId: number, from: number, to: number) => get<DraftComparison>(`/drafts/${draftId}/compare`, { from, to }),
  compareDocxUrl: (draftId: number, from: number, to: number) => `${API_BASE}/drafts/${draftId}/compare/docx?from=${from}&to=${to}`,
  lineage: (draftId: number, version?: number) => get<LineageItem[]>(`/drafts/${draftId}/lineage`, { version }),
  sectionComments: (draftId: number, section?: string) =>
    get<SectionComment[]>(`/drafts/${draftId}/comments`, { section }),
  addSectionComment: (draftId: number, sectionKey: string, body: string) =>
    post<SectionComment>(`/drafts/${draftId}/sections/${encodeURIComponent(sectionKey)}/comments`, { body }),
  publishedDraft: (processId: number) => get<Draft>(`/processes/${processId}/draft`),

  responses: (processId: number) => get<ResponseTable>(`/processes/${processId}/responses`),
  saveResponse: (processId: number, body: ResponseUpsert) =>
    put<CityResponse>(`/processes/${processId}/responses`, body),
  worklist: (processId: number, query: WorklistQuery) =>
    get<Worklist>(`/processes/${processId}/responses/worklist`, { ...query }),
  bulkResponse: (processId: number, body: BulkResponse) =>
    post<BulkResult>(`/processes/${processId}/responses/bulk`, body),
  outcome: (proposalId: number) => get<ProposalOutcome>(`/proposals/${proposalId}/outcome`),
  stats: (processId: number) => get<Participation>(`/processes/${processId}/stats`),
  activity: () => get<StaffActivity>("/stats/activity"),

  exports: (processId: number) => get<ExportJob[]>(`/processes/${processId}/exports`),
  startExport: (processId: number, format: ExportFormat, era: ExportEra = "western") =>
    post<ExportJob>(`/processes/${processId}/exports`, { format, era }),
  exportJob: (jobId: number) => get<ExportJob>(`/exports/${jobId}`),
  publicExports: (processId: number) => get<PublicExport[]>(`/processes/${processId}/public-exports`),

  approvalPreview: (processId: number, objectType: ApprovalObject, objectId: number, target = "") =>
    get<ApprovalPreview>(`/processes/${processId}/approvals/preview`, { object_type: objectType, object_id: objectId, target }),
  submitApproval: (processId: number, preview: ApprovalPreview) =>
    post<Approval>(`/processes/${processId}/approvals`, {
      object_type: preview.object_type,
      object_id: preview.object_id,
      target: preview.target,
      payload_hash: preview.payload_hash,
    }),
  approvals: (params: { processId?: number; status?: ApprovalState } = {}) =>
    get<Approval[]>(`/approvals`, { process_id: params.processId, status: params.status }),
  approve: (approvalId: number) => post<Approval>(`/approvals/${approvalId}/approve`),
  returnApproval: (approvalId: number, comment: string) => post<Approval>(`/approvals/${approvalId}/return`, { comment }),
};
