/** Locale-aware display helpers. */
import type { District, Process } from "../api/types";

export const locale = (language: string) => (language === "en" ? "en-GB" : "ja-JP");

export function formatDate(value: string | null | undefined, language: string): string {
  if (!value) return "";
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00`) : new Date(value);
  return new Intl.DateTimeFormat(locale(language), { dateStyle: "medium" }).format(date);
}

export function formatDateTime(value: string, language: string): string {
  return new Intl.DateTimeFormat(locale(language), { dateStyle: "medium", timeStyle: "short" }).format(
    new Date(value),
  );
}

export const processTitle = (process: Process, language: string) =>
  language === "en" && process.title_en ? process.title_en : process.title_ja;

export const processDescription = (process: Process, language: string) =>
  language === "en" && process.description_en ? process.description_en : process.description_ja;

export function districtName(code: string | null | undefined, districts: District[] | undefined, language: string) {
  const district = districts?.find((d) => d.code === code);
  if (!district) return code ?? "";
  return language === "en" ? district.name_en : district.name_ja;
}

/** A moment on the city's clock (Japan time), whatever the browser's time zone. */
export function formatDateTimeJst(value: string | null | undefined, language: string): string {
  if (!value) return "";
  return new Intl.DateTimeFormat(locale(language), {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Asia/Tokyo",
  }).format(new Date(value));
}
