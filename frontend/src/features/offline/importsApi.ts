/** Typed calls for importing an earlier consultation (/imports; planners and admins). */
import { api } from "../../shared/api/client";
import type { Schemas } from "../../shared/api/openapi";

export type ImportPreview = Schemas["ImportPreview"];
export type ImportFormat = ImportPreview["format"];
export const IMPORT_FORMATS: ImportFormat[] = ["pubcom", "generic", "polis", "decidim", "kouchou"];
/** Which column holds each field (null: none), as the server guessed it or the planner chose. */
export type ColumnMapping = ImportPreview["mapping"];
export type MappedField = keyof ColumnMapping;
export const MAPPED_FIELDS: MappedField[] = ["text", "title", "original_id", "label", "received_on"];

export interface ImportSettings {
  title_ja: string;
  title_en: string;
  format: ImportFormat;
  mapping: ColumnMapping & { text: string };
  source: string;
}

export type ImportResult = Schemas["ImportResult"];

function upload(file: File, votes: File | null, settings: object): FormData {
  const form = new FormData();
  form.append("file", file);
  if (votes) form.append("votes", votes);
  form.append("settings", JSON.stringify(settings));
  return form;
}

export const importsApi = {
  preview: (file: File, votes: File | null, format?: ImportFormat) =>
    api<ImportPreview>("POST", "/imports/preview", { body: upload(file, votes, format ? { format } : {}) }),
  commit: (file: File, votes: File | null, settings: ImportSettings) => {
    const mapping = Object.fromEntries(Object.entries(settings.mapping).filter(([, column]) => column));
    return api<ImportResult>("POST", "/imports", { body: upload(file, votes, { ...settings, mapping }) });
  },
};
