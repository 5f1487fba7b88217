/** /terms, /privacy, /accessibility: the current version of a page of the site settings. */
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../../shared/api/client";
import { endpoints } from "../../../shared/api/endpoints";
import type { SitePageKind } from "../../../shared/api/types";
import { ErrorMessage, Loading } from "../../../shared/components/Feedback";
import { formatDate } from "../../../shared/components/format";
import { usePageTitle } from "../../../shared/layout/usePageTitle";
import { Markdown } from "../../../shared/components/Markdown";
import "../i18n";

export default function SiteTextPage({ kind }: { kind: SitePageKind }) {
  const { t, i18n } = useTranslation();
  const title = t(`sitePages.${kind}`);
  usePageTitle(title);
  const page = useQuery({ queryKey: ["site-page", kind], queryFn: () => endpoints.sitePage(kind), retry: false });
  const missing = page.error instanceof ApiError && page.error.status === 404;
  const english = i18n.language === "en" && !!page.data?.body_en.trim();
  return (
    <div className="narrow site-page">
      <h1>{title}</h1>
      {page.isPending && <Loading />}
      {missing && <p>{t("site:noPageYet")}</p>}
      {page.isError && !missing && <ErrorMessage error={page.error} onRetry={() => void page.refetch()} />}
      {page.data && (
        <>
          <p className="field__hint">
            {t("site:versionLine", { version: page.data.version, date: formatDate(page.data.published_at, i18n.language) })}
          </p>
          {i18n.language === "en" && !english && <p className="notice notice--info">{t("site:japaneseOnly")}</p>}
          <div lang={english ? "en" : "ja"}>
            <Markdown source={english ? page.data.body_en : page.data.body_ja} baseLevel={2} />
          </div>
        </>
      )}
    </div>
  );
}
