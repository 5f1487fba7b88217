/** English for the "approvals" namespace. Keys mirror ja.ts, plus `_one` beside each plural (checked by the type and by a unit test). */
import type { Translation } from "../../../shared/i18n/translation";
import type ja from "./ja";

const en: Translation<typeof ja> = {
  editor: {
    publishKpis: "This version cannot be submitted for approval yet. Enter the values of these indicators or tick “Being set”, save a new version, then submit it.",
  },
  submit: "Submit for approval",
  submitTitle: "Check what you submit for approval",
  submitIntro: "Once approved, residents will see exactly this.",
  confirm: "Submit this for approval",
  loadingPreview: "Preparing what residents will see…",
  submitted: "“{{kind}}” was submitted for approval. It is published when another staff member (e.g. the head of section) approves it.",
  fourEyes: "Approval is given by a staff member other than the one who submitted (a planner or an administrator).",
  kind: {
    themes: "Publishing the themes",
    phase: "Changing the phase",
    draft: "Publishing the draft",
    response: "Publishing the city's response",
    theme_responses: "Publishing the responses to a theme's proposals (together)",
  },
  state: {
    submitted: "Awaiting approval",
    approved: "Approved and published",
    returned: "Returned",
    void: "Replaced by a new submission",
  },
  stale: "This changed after it was submitted and cannot be approved. Return it and ask for it to be submitted again.",
  returnedComment: "Returned because: {{comment}}",
  inbox: {
    title: "Awaiting approval",
    intro: "What planners submitted for approval, shown as residents will see it. Check it, then approve and publish it, or return it with a reason.",
    none: "Nothing is awaiting approval.",
    submittedBy: "Submitted by {{name}} on {{date}}",
    approve: "Approve and publish",
    approving: "Publishing…",
    ownSubmission: "You submitted this yourself, so you cannot approve it. Ask another staff member to approve it.",
    return: "Return",
    returnComment: "Reason for returning it",
    returnHint: "Write what the planner should fix.",
    returnRequired: "Enter the reason for returning it.",
    approved: "“{{title}}” was approved and published to residents.",
    returnedMessage: "“{{title}}” was returned.",
    recent: "Recent decisions",
    decided: "{{state}}: {{name}} ({{date}})",
  },
  preview: {
    phase: "The phase changes from “{{from}}” to “{{to}}”.",
    actions: "What residents can do in this phase",
    noActions: "Residents can read, but not add anything (no actions).",
    proposals: "{{count}} proposals",
    target: "About",
    version: "Version {{version}}",
    kpi: "{{name}}: now {{baseline}} → target {{target}}",
    responses_other: "{{count}} responses",
    responses_one: "{{count}} response",
  },
};

export default en;
