/** English for the "shared" namespace. Keys mirror ja.ts, plus `_one` beside each plural (checked by the type and by a unit test). */
import type { Translation } from "../translation";
import type ja from "./ja";

const en: Translation<typeof ja> = {
  nav: {
    runs: "1. Analysis",
  },
  common: {
    fixErrors: "There are {{count}} problems with what you entered. Please check the message by each field.",
  },
  runs: {
    runTitle: "Analysis run {{id}}",
    status: {
      queued: "Queued",
      running: "Running",
      succeeded: "Finished",
      failed: "Failed",
      cancelled: "Cancelled",
    },
    progressLabel: "{{percent}}% done",
    technical: "Technical details (for the system administrator)",
  },
  board: {
    chooseTheme: "Choose a theme",
    proposalNumber: "Proposal {{id}}",
  },
  responses: {
    summary: "Summary of opinions",
    response: "The city's response",
    status: "Status",
  },
  approval: {
    cancel: "Cancel",
  },
  planner: {
    processes: "Processes",
    process: "Process",
    phase: "Current phase",
    proposals: "Proposals",
  },
};

export default en;
