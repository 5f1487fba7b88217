/** Typed calls to each /api/v1 route the SPA uses. */
import { API_BASE, ApiError, api, del, get, patch, post, put, withQuery } from "./client";
import type { Schemas } from "./openapi";
import type {
  AgeBand,
  AuditCatalogue,
  AuditFilters,
  AuditPage,
  Comment,
  District,
  OfflineImportResult,
  NotificationSettings,
  Process,
  Proposal,
  ProposalPage,
  ProxyChannel,
  Report,
  ReportPage,
  ReportReason,
  Role,
  SimilarItem,
  Site,
  SiteInput,
  SitePageKind,
  SitePageText,
  Sort,
  UnvotedPage,
  User,
  UserFilters,
  UserInvited,
  UserPage,
  PasswordLink,
  VoteResult,
  VoteValue,
} from "./types";

export interface ProposalFilters {
  district?: string;
  tag?: string;
  sort?: Sort;
  q?: string;
  mine?: boolean;
  status?: string;
}

export interface ProposalInput {
  title: string;
  body: string;
  district_code: string;
  tags: string[];
}

export interface ProfileInput {
  display_name?: string;
  district_code?: string | null;
  age_band?: AgeBand | null;
  language?: "ja" | "en";
}

export const endpoints = {
  me: async (): Promise<User | null> => {
    try {
      return await get<User>("/auth/me");
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  },
  login: (email: string, password: string) => post<User>("/auth/login", { email, password }),
  logout: () => post<void>("/auth/logout"),
  register: (body: {
    email: string;
    password: string;
    display_name: string;
    district_code: string | null;
    age_band: AgeBand | null;
    language: "ja" | "en";
    accept_terms: boolean;
  }) => post<Schemas["SignUpReceived"]>("/auth/register", body),
  updateProfile: (body: ProfileInput) => patch<User>("/auth/me", body),
  /** 退会: needs the password typed again; the session ends with it. */
  deleteAccount: (password: string) => del<void>("/auth/me", { password }),
  requestPasswordReset: (email: string) => post<Schemas["MailAccepted"]>("/auth/password-reset", { email }),
  resetPassword: (token: string, password: string) =>
    post<void>("/auth/password-reset/confirm", { token, password }),
  confirmEmail: (token: string) => post<User>("/auth/confirm-email", { token }),
  resendConfirmation: () => post<Schemas["MailAccepted"]>("/auth/confirm-email/resend"),
  notificationSettings: () => get<NotificationSettings>("/auth/me/notifications"),
  saveNotificationSettings: (body: NotificationSettings) =>
    put<NotificationSettings>("/auth/me/notifications", body),
  unsubscribe: (token: string) =>
    post<Schemas["Unsubscribed"]>(`/notifications/unsubscribe?token=${encodeURIComponent(token)}`),
  consent: (terms_version: number, privacy_version: number) =>
    post<User>("/auth/consent", { terms_version, privacy_version }),

  site: () => get<Site>("/site"),
  sitePage: (kind: SitePageKind) => get<SitePageText>(`/site/pages/${kind}`),
  saveSite: (body: SiteInput) => put<Site>("/admin/site", body),
  publishSitePage: (kind: SitePageKind, body: { body_ja: string; body_en: string }) =>
    post<SitePageText>(`/admin/site/pages/${kind}`, body),
  uploadLogo: (file: File) => put<Site>("/admin/site/logo", file),
  removeLogo: () => del<Site>("/admin/site/logo"),

  districts: () => get<District[]>("/districts"),
  processes: () => get<Process[]>("/processes"),
  process: (id: number) => get<Process>(`/processes/${id}`),

  proposals: (processId: number, filters: ProposalFilters, cursor?: string, limit = 20) =>
    get<ProposalPage>(`/processes/${processId}/proposals`, {
      ...filters,
      mine: filters.mine ? true : undefined,
      cursor,
      limit,
    }),
  /** How many proposals the list shows for these filters, over all its pages. */
  proposalCount: (processId: number, { sort: _sort, ...filters }: ProposalFilters) =>
    get<Schemas["ProposalCount"]>(`/processes/${processId}/proposals/count`, {
      ...filters,
      mine: filters.mine ? true : undefined,
    }),
  proposal: (id: number) => get<Proposal>(`/proposals/${id}`),
  unvoted: (processId: number, limit: number) =>
    get<UnvotedPage>(`/processes/${processId}/proposals/unvoted`, { limit }),
  createProposal: (processId: number, body: ProposalInput) =>
    post<Proposal>(`/processes/${processId}/proposals`, body),
  updateProposal: (id: number, body: ProposalInput) => patch<Proposal>(`/proposals/${id}`, body),
  withdrawProposal: (id: number, reason: string) => post<Proposal>(`/proposals/${id}/withdraw`, { reason }),
  createProxyProposal: (
    processId: number,
    body: Omit<ProposalInput, "district_code"> & {
      district_code: string | null;
      channel: ProxyChannel;
      submitter_name: string | null;
      submitter_age_band: AgeBand | null;
      /** 受付日 YYYY-MM-DD; today (Japan time) when left out */
      received_on?: string;
    },
  ) => post<Proposal>(`/processes/${processId}/proxy-proposals`, body),
  /** A file of offline submissions: all rows or none (422 lists `row_errors`). */
  importOffline: (processId: number, file: File, allowDuplicates: boolean) => {
    const form = new FormData();
    form.append("file", file);
    return api<OfflineImportResult>("POST", `/processes/${processId}/proxy-proposals/import`, {
      body: form,
      query: { allow_duplicates: allowDuplicates || undefined },
    });
  },
  /** Existing proposals like a draft: 0 to 5, only relevant ones; null when the process is gone. */
  similar: async (processId: number, text: string, signal?: AbortSignal): Promise<SimilarItem[] | null> => {
    try {
      return await get<SimilarItem[]>(`/processes/${processId}/similar`, { text }, signal);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }
  },

  addProposalImage: (proposalId: number, file: File, alt: string) => {
    const form = new FormData();
    form.append("alt", alt);
    form.append("file", file);
    return post<Proposal>(`/proposals/${proposalId}/images`, form);
  },
  removeProposalImage: (proposalId: number, imageId: number) =>
    del<Proposal>(`/proposals/${proposalId}/images/${imageId}`),
  vote: (proposalId: number, value: VoteValue) =>
    put<VoteResult>(`/proposals/${proposalId}/vote`, { value }),
  unvote: (proposalId: number) => del<VoteResult>(`/proposals/${proposalId}/vote`),

  comments: (proposalId: number) => get<Comment[]>(`/proposals/${proposalId}/comments`),
  addComment: (proposalId: number, body: string, parentId: number | null) =>
    post<Comment>(`/proposals/${proposalId}/comments`, { body, parent_id: parentId }),

  report: (target: "proposals" | "comments", id: number, reason: ReportReason, note: string) =>
    post<Report>(`/${target}/${id}/reports`, { reason, note }),
  reports: (status: "open" | "resolved", cursor?: string) =>
    get<ReportPage>("/moderation/reports", { status, cursor, limit: 20 }),
  resolveReport: (id: number) => post<Report>(`/moderation/reports/${id}/resolve`),
  hide: (target: "proposals" | "comments", id: number, reason: string) =>
    post<Schemas["ModerationResult"]>(`/moderation/${target}/${id}/hide`, { reason }),
  restore: (target: "proposals" | "comments", id: number, reason: string) =>
    post<Schemas["ModerationResult"]>(`/moderation/${target}/${id}/restore`, { reason }),

  users: (filters: UserFilters, limit = 50) =>
    get<UserPage>("/admin/users", { ...filters, limit }),
  setRole: (id: number, role: Role, isActive: boolean) =>
    patch<User>(`/admin/users/${id}`, { role, is_active: isActive }),
  inviteUser: (email: string, displayName: string, role: Role) =>
    post<UserInvited>("/admin/users", { email, display_name: displayName, role }),
  resetLink: (id: number) => post<PasswordLink>(`/admin/users/${id}/reset-link`),
  acceptInvitation: (token: string, password: string, acceptTerms: boolean) =>
    post<User>("/auth/invitation/accept", { token, password, accept_terms: acceptTerms }),
  auditEvents: (filters: AuditFilters, cursor?: string) =>
    get<AuditPage>("/admin/audit-events", { ...filters, cursor, limit: 50 }),
  auditCatalogue: () => get<AuditCatalogue>("/admin/audit-events/catalogue"),
  /** a plain link: the browser downloads the CSV with the session cookie */
  auditCsvUrl: (filters: AuditFilters) => `${API_BASE}${withQuery("/admin/audit-events/export", { ...filters })}`,
};

/** Links (not fetch calls): files the browser downloads or opens itself. */
export const fileLinks = {
  offlineTemplate: (processId: number, format: "xlsx" | "csv") =>
    `${API_BASE}/processes/${processId}/proxy-proposals/template.${format}`,
  paperForm: (processId: number, size: "standard" | "large" = "standard") =>
    `${API_BASE}/processes/${processId}/paper-form.pdf${size === "large" ? "?size=large" : ""}`,
};
