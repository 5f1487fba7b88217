/**
 * The sign-in page's 「LINEでログイン」-style buttons, one per provider the site offers, and the
 * message of a sign-in the server refused (`?oidc_error=`). A lazy chunk: most sites offer none.
 */
import "../i18n";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useLocation } from "react-router";
import { oidcEndpoints, oidcErrorKey, PROVIDERS_KEY } from "../api";

export default function ProviderSignIn({ returnTo }: { returnTo?: string }) {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const providers = useQuery({ queryKey: PROVIDERS_KEY, queryFn: oidcEndpoints.providers, staleTime: 300_000 });
  const errorKey = oidcErrorKey(location.search);
  const english = i18n.language === "en";
  const query = returnTo ? `?return_to=${encodeURIComponent(returnTo)}` : "";
  return (
    <>
      {errorKey && (
        <div className="notice notice--error" role="alert">
          <p>{t(errorKey)}</p>
        </div>
      )}
      {providers.data && providers.data.length > 0 && (
        <section aria-labelledby="oidc-title" className="oidc-providers">
          <h2 id="oidc-title">{t("oidc:or")}</h2>
          <ul className="button-list">
            {providers.data.map((provider) => (
              <li key={provider.id}>
                <a className="button button--secondary" href={provider.start_url + query}>
                  {english ? provider.button_en : provider.button_ja}
                </a>
              </li>
            ))}
          </ul>
          <p className="field__hint">{t("oidc:hint")}</p>
        </section>
      )}
    </>
  );
}
