/** English for the "proxy" namespace. Keys mirror ja.ts, plus `_one` beside each plural (checked by the type and by a unit test). */
import type { Translation } from "../../../../shared/i18n/translation";
import type ja from "./ja";

const en: Translation<typeof ja> = {
  title: "Proxy entry (paper, meetings, phone)",
  intro: "Enter proposals received on paper, at meetings or by phone on behalf of residents. They count the same as online proposals; the channel and the staff member who entered them are recorded.",
  process: "Process",
  channel: "Received by",
  submitterName: "Submitter's name (optional)",
  submitterNameHint: "This is published. Leave it empty if the person asked to stay anonymous.",
  submitterAge: "Submitter's age band (optional)",
  submit: "Save",
  submitting: "Saving…",
  done: "“{{title}}” was saved.",
  another: "You can enter the next one.",
  noProcess: "No process accepts proxy entries right now.",
  receivedOn: "Received on",
  receivedOnHint: "The day the submission reached the city. It cannot be later than today.",
  saved: "Saved with reference number {{number}}. Write it on the receipt for the resident.",
  referenceLabel: "Reference number",
  bulkTitle: "Bulk import",
  bulkIntro: "Import many submissions received on paper, at meetings or by phone at once. Fill in the template, one submission per row. If any row has a problem, nothing is imported and the rows to fix are listed.",
  templateXlsx: "Download the template (Excel)",
  templateCsv: "Download the template (CSV)",
  file: "File to import (.xlsx or CSV, up to 5,000 rows and 5 MB)",
  fileHint: "CSV files may be UTF-8 or Shift_JIS.",
  allowDuplicates: "Import rows even if a proposal with the same title and text exists",
  importSubmit: "Import",
  importing: "Importing…",
  chooseFile: "Choose a file.",
  imported: "Imported {{count}} submissions, reference numbers {{first}} to {{last}}.",
  importRefused: "Nothing was imported. Fix the {{count}} problems below and import the whole file again.",
  errorsCaption: "Why the file was refused",
  errorLine: "Row",
  errorColumn: "Column",
  errorReason: "Problem",
  moreErrors: "{{count}} more problems are not listed.",
  paperForms: "Paper forms (PDF to hand out)",
};

export default en;
