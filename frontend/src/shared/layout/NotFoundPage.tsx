import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { usePageTitle } from "./usePageTitle";

export function NotFoundPage() {
  const { t } = useTranslation();
  usePageTitle(t("common.notFoundTitle"));
  return (
    <>
      <h1>{t("common.notFoundTitle")}</h1>
      <p>{t("common.notFoundBody")}</p>
      <p>
        <Link to="/">{t("common.backHome")}</Link>
      </p>
    </>
  );
}
