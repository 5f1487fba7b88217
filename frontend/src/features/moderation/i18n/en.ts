/** English for the "moderation" namespace. Keys mirror ja.ts, plus `_one` beside each plural (checked by the type and by a unit test). */
import type { Translation } from "../../../shared/i18n/translation";
import type ja from "./ja";

const en: Translation<typeof ja> = {
  title: "Reports",
  intro: "Review reports from residents and, where needed, hide content with a reason. Every action is logged.",
  status: "Show reports",
  open: "Open",
  resolved: "Resolved",
  empty: "There are no reports here.",
  target: "Target",
  targetTypes: {
    proposal: "Proposal",
    comment: "Comment",
  },
  reason: "Reason",
  note: "Reporter's note",
  reportedAt: "Reported at",
  excerpt: "Excerpt",
  actionReason: "Reason for hiding or restoring",
  actionReasonHint: "Shown to the author. Up to 500 characters.",
  hide: "Hide",
  restore: "Restore",
  resolve: "Mark as resolved",
  hidden: "Hidden.",
  restored: "Restored.",
  resolvedDone: "Marked as resolved.",
  view: "View the target",
  reportLabel: "Report {{id}}",
};

export default en;
