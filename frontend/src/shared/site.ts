/**
 * The site settings (GET /api/v1/site): the municipality and department that every screen names.
 * Loaded once with the shell and cached; nothing about a particular city lives in the SPA.
 */
import { useQuery } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { endpoints } from "./api/endpoints";
import type { Site, SitePageKind, User } from "./api/types";

export const SITE_KEY = ["site"] as const;
export const PAGE_KINDS: SitePageKind[] = ["terms", "privacy", "accessibility"];

export const useSite = () =>
  useQuery({ queryKey: SITE_KEY, queryFn: endpoints.site, staleTime: 5 * 60_000 });

export interface SiteNames {
  /** "かわせ市" or "Kawase City"; "" before set-up */
  city: string;
  department: string;
  /** the site's name: "かわせ市 共創プラットフォーム", or the neutral one */
  siteName: string;
}

/** Names in the UI language (English falls back to the Japanese name when none is set). */
export function siteNames(site: Site | undefined, language: string, t: TFunction): SiteNames {
  const en = language === "en";
  const city = (en && site?.name_en) || site?.name_ja || "";
  const department = (en && site?.department_en) || site?.department_ja || "";
  return { city, department, siteName: city ? t("app.nameWithCity", { city }) : t("app.name") };
}

export function useSiteNames(): SiteNames {
  const { t, i18n } = useTranslation();
  const { data } = useSite();
  return siteNames(data, i18n.language, t);
}

/** A resident whose accepted terms or privacy version is older than the current one. */
export function needsConsent(me: User | null | undefined, site: Site | undefined): boolean {
  if (!me || me.role !== "resident" || !site) return false;
  const terms = site.pages.terms?.version ?? 0;
  const privacy = site.pages.privacy?.version ?? 0;
  return me.terms_version < terms || me.privacy_version < privacy;
}
