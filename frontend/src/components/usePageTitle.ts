import { useEffect } from "react";
import { useTranslation } from "react-i18next";

/** Sets document.title to "<page> | <site>" so each route has a distinct, translated title. */
export function usePageTitle(title: string | undefined) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = title ? `${title} | ${t("app.name")}` : t("app.name");
  }, [title, t]);
}
