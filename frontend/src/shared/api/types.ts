/** Shapes of the public /api/v1. Those the server sends are aliases of the types generated from
 * its OpenAPI schema (../shared/api/schema.ts, `npm run api:generate`); the rest are the SPA's. */
import type { components } from "./schema";

type Schemas = components["schemas"];

export type Phase = "ideas" | "voting" | "themes" | "draft" | "feedback" | "closed";
export const PHASES: Phase[] = ["ideas", "voting", "themes", "draft", "feedback", "closed"];
export type Action = "propose" | "edit_proposal" | "vote" | "comment" | "proxy_entry";
export type Role = "resident" | "planner" | "council" | "admin";
export const ROLES: Role[] = ["resident", "planner", "council", "admin"];
export type VoteValue = "agree" | "disagree" | "pass";
export type Sort = "newest" | "most_agreed" | "most_discussed";
export const AGE_BANDS = ["under_20", "20s", "30s", "40s", "50s", "60s", "70_plus"] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
export const CHANNELS = ["paper", "meeting", "phone"] as const;
export type ProxyChannel = (typeof CHANNELS)[number];
export const REPORT_REASONS = ["spam", "abuse", "personal_info", "off_topic", "other"] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

export interface Page<T> {
  items: T[];
  next_cursor?: string | null;
}

export type District = Schemas["DistrictOut"];

export interface PhaseDates {
  phase: Phase;
  starts_on?: string | null;
  ends_on?: string | null;
}

export interface Process {
  id: number;
  slug: string;
  title_ja: string;
  title_en: string;
  description_ja: string;
  description_en: string;
  phase: Phase;
  phases: PhaseDates[];
  allowed_actions: Action[];
  proposal_count: number;
  created_at: string;
  /** where proposals may come in: online by residents, or typed in by staff */
  channels: ("online" | ProxyChannel)[];
  /** set while the process is archived: out of the public list, read-only */
  archived_at: string | null;
  /** place names the theme analysis leaves out (rivers, stations, parks), as planners list them */
  landmarks?: string[];
  /** the least verification tier to post a proposal and to vote */
  min_level_to_propose?: VerificationLevel;
  min_level_to_vote?: VerificationLevel;
}

/** 本人確認の段階, lowest first: none, confirmed e-mail, postcard code, verified at the counter */
export type VerificationLevel = "none" | "email" | "postcard" | "counter";
export const VERIFICATION_LEVELS: VerificationLevel[] = ["none", "email", "postcard", "counter"];

export type PublicUser = Schemas["PublicUser"];

export type Tally = Schemas["Tally"];

/** A photo on a proposal; `url` at most 1600 px, `thumb_url` at most 480 px (WebP). */
export type ProposalImage = Schemas["ProposalImageOut"];

export interface Proposal {
  id: number;
  process_id: number;
  title: string;
  body: string;
  /** null only for an offline submission whose form named no district */
  district_code: string | null;
  tags: string[];
  language: string;
  channel: "online" | ProxyChannel | "imported";
  status: "published" | "hidden" | "withdrawn";
  author: PublicUser | null;
  submitter_name: string | null;
  tally: Tally;
  comment_count: number;
  content_hash: string;
  created_at: string;
  updated_at: string;
  my_vote?: VoteValue | null;
  entered_by?: PublicUser | null;
  status_reason?: string | null;
  images?: ProposalImage[];
  /** 受付日 (YYYY-MM-DD) of an offline submission */
  received_on?: string | null;
  /** 受付番号 of an offline submission, e.g. 「P3-2026-00042」 */
  reference_number?: string | null;
  /** the part of `tally` from tally sheets and paper ballots (紙・説明会), when there is one */
  offline_tally?: Tally | null;
}

/** One problem of a bulk import: 「12行目「本文」：空欄です」 (message). */
export interface OfflineRowError {
  line: number;
  column: string;
  reason: string;
  message: string;
  /** which file, where an import reads several (Pol.is: votes.csv) */
  file?: string;
}

/** What a bulk import stored (POST /processes/{id}/proxy-proposals/import). */
export interface OfflineImportResult {
  created: number;
  first_reference: string;
  last_reference: string;
  proposal_ids: number[];
}

/** The card flow's next proposals (GET /processes/{id}/proposals/unvoted), least-voted first. */
export interface UnvotedPage {
  items: Proposal[];
  /** how many proposals the resident has not voted on yet, these included */
  remaining: number;
}

/**
 * One answer of the similar-proposal hint (GET /processes/{id}/similar): the OpenAPI schema
 * `SimilarItem` (backend/analysis/similar.py), field for field. Not a Proposal: the hint
 * sends only the title and the number of agree votes.
 */
export type SimilarItem = Schemas["SimilarItem"];

export interface VoteResult {
  proposal_id: number;
  my_vote: VoteValue | null;
  tally: Tally;
}

export interface Comment {
  id: number;
  proposal_id: number;
  parent_id: number | null;
  author: PublicUser;
  author_role: string;
  body: string;
  status: string;
  created_at: string;
  replies?: Comment[];
}

export interface Report {
  id: number;
  target_type: "proposal" | "comment" | string;
  target_id: number;
  reason: ReportReason | string;
  note: string;
  status: "open" | "resolved" | string;
  created_at: string;
  target_excerpt?: string;
}

export interface User {
  id: number;
  email: string;
  display_name: string;
  role: Role;
  district_code: string | null;
  age_band: AgeBand | null;
  language: "ja" | "en" | string;
  is_active: boolean;
  created_at: string;
  /** the versions of the terms of use and privacy policy this person accepted (0: none) */
  terms_version: number;
  privacy_version: number;
  consented_at: string | null;
  /** set when the owner deleted the account (退会): an emptied row, named 「退会した利用者」 */
  deleted_at?: string | null;
  last_sign_in_at?: string | null;
  /** false: invited, the set-password link not used yet */
  password_set?: boolean;
  /** when the owner opened the link of the confirmation e-mail (null: not yet) */
  email_confirmed_at?: string | null;
  verification_level?: VerificationLevel;
  verified_at?: string | null;
}

export type UserStatus = "active" | "invited" | "disabled" | "deleted";
export type UserSort = "newest" | "last_sign_in" | "name";

export interface UserFilters {
  q?: string;
  role?: Role | "";
  status?: UserStatus | "";
  sort?: UserSort;
  offset?: number;
}

/** One page of the admin's users list, with the total that match. */
export interface UserPage {
  items: User[];
  total: number;
  offset: number;
  limit: number;
}

/** A set-password link, shown once to the administrator to pass on (72 hours, single use). */
export interface PasswordLink {
  url: string;
  expires_at: string;
}

export interface UserInvited {
  user: User;
  invitation_url: string;
  expires_at: string;
}

/** Which notices arrive by e-mail (GET/PUT /auth/me/notifications). */
export interface NotificationSettings {
  answers: boolean;
  replies: boolean;
  drafts: boolean;
  daily_digest: boolean;
}

export type SitePageKind = "terms" | "privacy" | "accessibility";

export interface PageVersionInfo {
  version: number;
  published_at: string;
}

export interface SiteContact {
  address: string;
  phone: string;
  email: string;
  url: string;
}

/** GET /site: who runs this installation; configured is false on a fresh install. */
export interface Site {
  configured: boolean;
  name_ja: string;
  name_en: string;
  department_ja: string;
  department_en: string;
  contact: SiteContact;
  default_language: "ja" | "en";
  logo_url: string | null;
  pages: Record<SitePageKind, PageVersionInfo | null>;
}

export interface SitePageText {
  kind: SitePageKind;
  version: number;
  body_ja: string;
  body_en: string;
  published_at: string;
}

export type SiteInput = Omit<Site, "configured" | "logo_url" | "pages">;

export interface AuditEvent {
  id: number;
  actor_id: number | null;
  actor_name: string;
  actor_role: Role | null;
  action: string;
  /** 「利用者の役割を変更」 */
  action_label: string;
  action_label_en: string;
  target_type: string;
  target_label: string;
  target_id: string;
  /** the details in words: 「役割：住民 → 職員」 */
  summary: string;
  summary_en: string;
  details: Record<string, unknown>;
  created_at: string;
}

export interface AuditPage {
  items: AuditEvent[];
  total: number;
  next_cursor: string | null;
}

export interface AuditFilters {
  actor_id?: number;
  action?: string;
  target_type?: string;
  /** Japan-time days (YYYY-MM-DD), both included */
  date_from?: string;
  date_to?: string;
}

export interface CatalogueLabel {
  value: string;
  label_ja: string;
  label_en: string;
}

export interface AuditCatalogue {
  actions: CatalogueLabel[];
  target_types: CatalogueLabel[];
}
