/** English for the "dashboard" namespace. Keys mirror ja.ts, plus `_one` beside each plural (checked by the type and by a unit test). */
import type { Translation } from "../../../shared/i18n/translation";
import type ja from "./ja";

const en: Translation<typeof ja> = {
  title: "Staff dashboard",
  importPast: "Import an earlier consultation",
  intro: "Change the phase of a process, review reports and enter proposals for residents.",
  changePhase: "Change phase",
  newPhase: "New phase of “{{title}}”",
  openReports: "Open reports",
  activity: "Activity",
  unanswered: "Proposals the city has not answered yet",
  toResponses: "Go to planning (the city's responses)",
  recentRuns: "Latest analysis runs",
  noRuns: "No analysis has been run yet.",
  newPerDay: "New proposals (last 14 days, newest first)",
  day: "Day",
  newProposals: "New proposals",
  count: "{{count}}",
  links: "Shortcuts",
};

export default en;
