/**
 * i18next set-up: the saved choice, else the browser's languages (ja* → Japanese, en* → English;
 * any other language: the city's default from the site settings, English until they load),
 * Japanese as the fallback; <html lang> follows the language. Counts use i18next plurals:
 * English keys `_one`/`_other`, Japanese only `_other` (Japanese has one plural form).
 */
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import { setRequestLanguage } from "../api/client";
import en from "./en";
import ja from "./ja";

export const LANGUAGES = ["ja", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = "kyoso.language";

/** The browser's first preference decides a first visit: Japanese for ja*, else English. */
export function browserLanguage(preferred: readonly string[] | undefined): Language {
  const first = preferred?.find(Boolean);
  if (!first) return "ja";
  return first.toLowerCase().startsWith("ja") ? "ja" : "en";
}

export function initialLanguage(): Language {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    if (value === "ja" || value === "en") return value;
  } catch {
    // storage may be unavailable (private mode); the browser's language decides
  }
  if (typeof navigator === "undefined") return "ja";
  return browserLanguage(navigator.languages?.length ? navigator.languages : [navigator.language]);
}

/**
 * Whether the language is settled without the site's default: chosen in this browser, or the
 * browser's first preference is Japanese or English. Otherwise (say pt-BR) the city's default
 * language applies.
 */
export function languageWasChosen(): boolean {
  try {
    if (localStorage.getItem(STORAGE_KEY) !== null) return true;
  } catch {
    // storage unavailable: the browser's language alone decides
  }
  if (typeof navigator === "undefined") return false;
  const first = (navigator.languages?.length ? navigator.languages : [navigator.language]).find(Boolean);
  return !!first && /^(ja|en)\b/i.test(first);
}

export function setLanguage(language: Language): Promise<unknown> {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // ignore
  }
  return i18n.changeLanguage(language);
}

i18n.on("languageChanged", (language) => {
  if (typeof document !== "undefined") document.documentElement.lang = language;
  setRequestLanguage(language); // the server answers problems in the UI language
});

void i18n.use(initReactI18next).init({
  resources: { ja: { translation: ja }, en: { translation: en } },
  lng: initialLanguage(),
  fallbackLng: "ja",
  interpolation: { escapeValue: false },
  returnNull: false,
});

/**
 * Adds a feature's own namespace (used as t("namespace:key")) when the first module importing the
 * feature's `i18n/index.ts` loads: its route chunk, so its strings stay out of the residents'
 * initial JavaScript. Defined here rather than in a module of its own: a separate chunk that every
 * feature chunk needs lengthens every lazy import's preload list in the initial JavaScript.
 */
export function addNamespace(namespace: string, ja: object, en: object): void {
  if (i18n.hasResourceBundle("ja", namespace)) return;
  i18n.addResourceBundle("ja", namespace, ja, true, true);
  i18n.addResourceBundle("en", namespace, en, true, true);
}

if (typeof document !== "undefined") document.documentElement.lang = i18n.language;
setRequestLanguage(i18n.language);

export default i18n;
