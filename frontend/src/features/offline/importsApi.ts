/** Typed calls for importing an earlier consultation (/imports; planners and admins). */
import { api } from "../../shared/api/client";

export type ImportFormat = "pubcom" | "generic" | "polis" | "decidim" | "kouchou";
export const IMPORT_FORMATS: ImportFormat[] = ["pubcom", "generic", "polis", "decidim", "kouchou"];
export type MappedField = "text" | "title" | "original_id" | "label" | "received_on";
export const MAPPED_FIELDS: MappedField[] = ["text", "title", "original_id", "label", "received_on"];
export type ColumnMapping = Record<MappedField, string | null>;

export interface ImportPreview {
  format: ImportFormat;
  format_name: string;
  encoding: string;
  filename: string;
  columns: string[];
  rows: string[][];
  row_count: number;
  mapping: ColumnMapping;
  takes_votes: boolean;
  votes: { filename: string; rows: number; columns: string[] } | null;
}

export interface ImportSettings {
  title_ja: string;
  title_en: string;
  format: ImportFormat;
  mapping: ColumnMapping & { text: string };
  source: string;
}

export interface ImportResult {
  import_id: number;
  process_id: number;
  proposals: number;
  hidden: number;
  votes: number;
  participants: number;
}

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
