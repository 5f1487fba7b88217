import type { Theme } from "../../shared/api/planTypes";

/** The theme's title in the UI language: the analysis's English title when there is one. */
export const themeTitle = (theme: Pick<Theme, "title" | "title_en">, language: string) =>
  language === "en" && theme.title_en ? theme.title_en : theme.title;
