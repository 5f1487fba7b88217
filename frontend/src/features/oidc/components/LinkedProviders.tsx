/**
 * 「外部アカウントとの連携」 on the profile page: each provider the site offers, linked or not,
 * with a button to link it (the browser goes to the provider and comes back here) or unlink it.
 * A lazy chunk; it shows nothing on a site that offers no provider.
 */
import "../i18n";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useLocation } from "react-router";
import { ErrorMessage, LiveMessage } from "../../../shared/components/Feedback";
import { formatDate } from "../../../shared/components/format";
import { IDENTITIES_KEY, oidcEndpoints, oidcErrorKey, PROVIDERS_KEY } from "../api";

export default function LinkedProviders() {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const client = useQueryClient();
  const english = i18n.language === "en";
  const providers = useQuery({ queryKey: PROVIDERS_KEY, queryFn: oidcEndpoints.providers, staleTime: 300_000 });
  const identities = useQuery({ queryKey: IDENTITIES_KEY, queryFn: oidcEndpoints.identities });
  const link = useMutation({
    mutationFn: oidcEndpoints.startLink,
    onSuccess: ({ authorization_url }) => window.location.assign(authorization_url),
  });
  const unlink = useMutation({
    mutationFn: oidcEndpoints.unlink,
    onSuccess: () => client.invalidateQueries({ queryKey: IDENTITIES_KEY }),
  });
  if (!providers.data || providers.data.length === 0 || !identities.data) return null;
  const errorKey = oidcErrorKey(location.search);
  const linkedId = new URLSearchParams(location.search).get("oidc_linked");
  const nameOf = (p: { name_ja: string; name_en: string }) => (english ? p.name_en : p.name_ja);
  const linkedProvider = providers.data.find((p) => p.id === linkedId);
  return (
    <section aria-labelledby="oidc-linked-title" className="account-rights">
      <h2 id="oidc-linked-title">{t("oidc:linkedTitle")}</h2>
      <p>{t("oidc:linkedIntro")}</p>
      {errorKey && (
        <div className="notice notice--error" role="alert">
          <p>{t(errorKey)}</p>
        </div>
      )}
      {linkedProvider && !unlink.isSuccess && (
        <div className="notice notice--success" role="status">
          <p>{t("oidc:linkedDone", { name: nameOf(linkedProvider) })}</p>
        </div>
      )}
      <ul className="linked-providers">
        {providers.data.map((provider) => {
          const linked = identities.data.find((identity) => identity.provider === provider.id);
          return (
            <li key={provider.id}>
              <strong>{nameOf(provider)}</strong>{" "}
              <span>
                {linked
                  ? t("oidc:linkedSince", { date: formatDate(linked.created_at, i18n.language) })
                  : t("oidc:notLinked")}
              </span>{" "}
              {linked ? (
                <button type="button" className="button button--secondary" disabled={unlink.isPending}
                  onClick={() => unlink.mutate(linked.id)}>
                  {t("oidc:unlink", { name: nameOf(provider) })}
                </button>
              ) : (
                <button type="button" className="button button--secondary" disabled={link.isPending}
                  onClick={() => link.mutate(provider.id)}>
                  {t("oidc:link", { name: nameOf(provider) })}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {link.isError && <ErrorMessage error={link.error} />}
      {unlink.isError && <ErrorMessage error={unlink.error} />}
      <LiveMessage message={unlink.isSuccess ? t("oidc:unlinkedDone") : undefined} />
    </section>
  );
}
