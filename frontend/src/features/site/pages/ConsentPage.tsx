/**
 * Shown in place of any page to a signed-in resident whose accepted terms or privacy version is
 * older than the current one (the server refuses their writes with 403 until they accept).
 */
import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { endpoints } from "../../../shared/api/endpoints";
import type { Site, User } from "../../../shared/api/types";
import { useSetMe } from "../../../shared/auth/session";
import { ErrorMessage } from "../../../shared/components/Feedback";
import { usePageTitle } from "../../../shared/layout/usePageTitle";
import "../i18n";

export default function ConsentPage({ me, site }: { me: User; site: Site }) {
  const { t } = useTranslation();
  usePageTitle(t("site:consentTitle"));
  const setMe = useSetMe();
  const terms = site.pages.terms?.version ?? 0;
  const privacy = site.pages.privacy?.version ?? 0;
  const accept = useMutation({ mutationFn: () => endpoints.consent(terms, privacy), onSuccess: setMe });
  const changed = [
    { kind: "terms" as const, version: terms, accepted: me.terms_version },
    { kind: "privacy" as const, version: privacy, accepted: me.privacy_version },
  ].filter((page) => page.version > page.accepted);
  return (
    <div className="narrow">
      <h1>{t("site:consentTitle")}</h1>
      <p>{t("site:consentIntro")}</p>
      <ul>
        {changed.map((page) => (
          <li key={page.kind}>
            <Link to={`/${page.kind}`}>
              {t("site:consentPageLink", { title: t(`sitePages.${page.kind}`), version: page.version })}
            </Link>
          </li>
        ))}
      </ul>
      {accept.isError && <ErrorMessage error={accept.error} />}
      <div className="button-row">
        <button type="button" className="button button--primary" disabled={accept.isPending} onClick={() => accept.mutate()}>
          {accept.isPending ? t("site:consentSaving") : t("site:consentAgree")}
        </button>
      </div>
    </div>
  );
}
