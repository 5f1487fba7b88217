/** Shapes of the public /api/v1. Those the server sends are aliases of the types generated from
 * its OpenAPI schema (./schema.ts, `npm run api:generate`); the rest are the SPA's. */
import type { QueryParams, ResponseBody, Schemas } from "./openapi";

export type Process = Schemas["ProcessOut"];
export type Phase = Process["phase"];
export const PHASES: Phase[] = ["ideas", "voting", "themes", "draft", "feedback", "closed"];
/** The actions a phase may allow, as the SPA labels them (`actions.*`). The server's
 * `allowed_actions` is a plain list of names: each backend feature declares its own. */
export type Action = "propose" | "edit_proposal" | "vote" | "comment" | "comment_draft" | "proxy_entry";
export type Role = User["role"];
export const ROLES: Role[] = ["resident", "planner", "council", "admin"];
export type VoteValue = NonNullable<VoteResult["my_vote"]>;
export type Sort = NonNullable<QueryParams<"listProposals">["sort"]>;
export type AgeBand = NonNullable<User["age_band"]>;
export const AGE_BANDS: readonly AgeBand[] = ["under_20", "20s", "30s", "40s", "50s", "60s", "70_plus"];
/** Where staff type in a submission from: on paper, at a meeting or by phone. */
export type ProxyChannel = Schemas["ProxyProposalCreate"]["channel"];
export const CHANNELS: readonly ProxyChannel[] = ["paper", "meeting", "phone"];
export type ReportReason = Report["reason"];
export const REPORT_REASONS: readonly ReportReason[] = ["spam", "abuse", "personal_info", "off_topic", "other"];

export type District = Schemas["DistrictOut"];

export type PhaseDates = Schemas["PhaseDates"];

/** 本人確認の段階, lowest first: none, confirmed e-mail, postcard code, verified at the counter */
export type VerificationLevel = User["verification_level"];
export const VERIFICATION_LEVELS: VerificationLevel[] = ["none", "email", "postcard", "counter"];

export type PublicUser = Schemas["PublicUser"];

export type Tally = Schemas["Tally"];

/** A photo on a proposal; `url` at most 1600 px, `thumb_url` at most 480 px (WebP). */
export type ProposalImage = Schemas["ProposalImageOut"];

export type Proposal = Schemas["ProposalOut"];
export type ProposalPage = ResponseBody<"listProposals">;

/** One problem of a bulk import: 「12行目「本文」：空欄です」 (message); `file` names the file
 * where an import reads several (Pol.is: votes.csv). */
export type OfflineRowError = Schemas["OfflineRowError"];
/** The 422 of a refused import: the first rows to fix, and how many there are in all. */
export type RefusedFile = Schemas["RefusedFile"];

/** What a bulk import stored (POST /processes/{id}/proxy-proposals/import). */
export type OfflineImportResult = Schemas["OfflineImportResult"];

/** The card flow's next proposals (GET /processes/{id}/proposals/unvoted), least-voted first. */
export type UnvotedPage = Schemas["UnvotedPage"];

/**
 * One answer of the similar-proposal hint (GET /processes/{id}/similar). Not a Proposal: the
 * hint sends only the title and the number of agree votes.
 */
export type SimilarItem = Schemas["SimilarItem"];

export type VoteResult = Schemas["VoteResult"];

export type Comment = Schemas["CommentOut"];

export type Report = Schemas["ReportOut"];
export type ReportPage = ResponseBody<"listReports">;

export type User = Schemas["UserOut"];

export type UserStatus = NonNullable<QueryParams<"listUsers">["status"]>;
export type UserSort = NonNullable<QueryParams<"listUsers">["sort"]>;

export interface UserFilters {
  q?: string;
  role?: Role | "";
  status?: UserStatus | "";
  sort?: UserSort;
  offset?: number;
}

/** One page of the admin's users list, with the total that match. */
export type UserPage = Schemas["UserPage"];

/** A set-password link, shown once to the administrator to pass on (72 hours, single use). */
export type PasswordLink = Schemas["PasswordLink"];

export type UserInvited = Schemas["UserInvited"];

/** Which notices arrive by e-mail (GET/PUT /auth/me/notifications). */
export type NotificationSettings = Schemas["NotificationSettings"];

export type SitePageKind = SitePageText["kind"];

export type PageVersionInfo = Schemas["PageVersionInfo"];

export type SiteContact = Schemas["Contact"];

/** GET /site: who runs this installation; configured is false on a fresh install. */
export type Site = Schemas["SiteOut"];

export type SitePageText = Schemas["PageOut"];

/** What the admin saves: every setting at once. */
export type SiteInput = Required<Schemas["SiteUpdate"]>;

export type AuditEvent = Schemas["AuditEventOut"];

export type AuditPage = Schemas["AuditPage"];

export interface AuditFilters {
  actor_id?: number;
  action?: string;
  target_type?: string;
  /** Japan-time days (YYYY-MM-DD), both included */
  date_from?: string;
  date_to?: string;
}

export type CatalogueLabel = Schemas["Label"];

export type AuditCatalogue = Schemas["AuditCatalogue"];
