/** Shows a staff/admin screen only to the roles that may use it (the server enforces it too). */
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Role } from "../api/types";
import { useMe } from "./session";
import { ErrorMessage, Loading } from "../components/Feedback";
import { usePageTitle } from "../layout/usePageTitle";

function NotAllowed({ signedIn }: { signedIn: boolean }) {
  const { t } = useTranslation();
  usePageTitle(t("common.staffOnly"));
  return (
    <>
      <h1>{t("common.staffOnly")}</h1>
      <p>{t("common.signInAsStaff")}</p>
      {!signedIn && (
        <p>
          <Link to="/signin">{t("nav.signIn")}</Link>
        </p>
      )}
    </>
  );
}

export function RequireRole({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const me = useMe();
  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorMessage error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data || !roles.includes(me.data.role)) return <NotAllowed signedIn={!!me.data} />;
  return <>{children}</>;
}
