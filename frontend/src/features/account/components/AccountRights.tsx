/**
 * The resident's rights over their account, at the foot of the profile page: download
 * everything Kyoso holds about them (a plain link: the browser saves the JSON file the API names)
 * and delete the account (退会, a lazy dialog: few people ever open it).
 */
import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { API_BASE } from "../../../shared/api/client";
import { Loading } from "../../../shared/components/Feedback";

const DeleteAccountDialog = lazy(() => import("./DeleteAccountDialog"));

export const MY_DATA_URL = `${API_BASE}/auth/me/data`;

export function AccountRights() {
  const { t } = useTranslation();
  return (
    <>
      <section aria-labelledby="my-data-title" className="account-rights">
        <h2 id="my-data-title">{t("account.dataTitle")}</h2>
        <p>{t("account.dataIntro")}</p>
        <p>
          <a className="button button--secondary" href={MY_DATA_URL} download>
            {t("account.download")}
          </a>
        </p>
      </section>
      <section aria-labelledby="delete-account-title" className="account-rights">
        <h2 id="delete-account-title">{t("account.deleteTitle")}</h2>
        <p>{t("account.deleteIntro")}</p>
        <Suspense fallback={<Loading />}>
          <DeleteAccountDialog />
        </Suspense>
      </section>
    </>
  );
}
