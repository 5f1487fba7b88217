/** /set-password#token=…: an invited (or reset) person chooses their password, then is signed in.
 * The token travels in the fragment, which the browser never sends to the server. */
import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";
import { endpoints } from "../../../shared/api/endpoints";
import { useSetMe } from "../../../shared/auth/session";
import { useConfirmation } from "../../../shared/components/confirmation";
import { Field } from "../../../shared/components/Field";
import { SendForm } from "../../../shared/components/SendForm";
import { usePageTitle } from "../../../shared/layout/usePageTitle";
import { useSite } from "../../../shared/site";
import { LIMITS, type Problem } from "../../../shared/validation";
import { ConsentBox } from "./SignUpPage";

export function SetPasswordPage() {
  const { t } = useTranslation();
  usePageTitle(t("auth.setPasswordTitle"));
  const token = new URLSearchParams(useLocation().hash.slice(1)).get("token") ?? "";
  const confirm = useConfirmation();
  const setMe = useSetMe();
  const [password, setPassword] = useState("");
  const [accepted, setAccepted] = useState(false);
  const [problems, setProblems] = useState<{ password?: Problem; accept_terms?: boolean }>({});
  const pages = useSite().data?.pages;
  const askConsent = !!(pages?.terms || pages?.privacy);
  const accept = useMutation({
    mutationFn: () => endpoints.acceptInvitation(token, password, accepted),
    onSuccess: (user) => {
      setMe(user);
      confirm(t("auth.passwordSet", { name: user.display_name }), "/");
    },
  });
  const submit = () => {
    const found = {
      password: [...password].length < LIMITS.password ? { key: "validation.passwordLength" } : undefined,
      accept_terms: askConsent && !accepted,
    };
    setProblems(found);
    if (found.password) document.getElementById("set-password")?.focus();
    else if (found.accept_terms) document.getElementById("signup-accept_terms")?.focus();
    else accept.mutate();
  };
  if (!token) {
    return (
      <div className="narrow">
        <h1>{t("auth.setPasswordTitle")}</h1>
        <p role="alert">{t("auth.setPasswordNoToken")}</p>
        <p>
          <Link to="/signin">{t("nav.signIn")}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="narrow">
      <h1>{t("auth.setPasswordTitle")}</h1>
      <p>{t("auth.setPasswordIntro")}</p>
      <SendForm request={accept} onSubmit={submit} submitLabel={t("auth.setPasswordSubmit")}>
        <Field id="set-password" label={t("auth.password")} hint={t("auth.passwordHint")} error={problems.password} required>
          {(props) => (
            <input {...props} type="password" autoComplete="new-password" className="input" value={password} onChange={(e) => setPassword(e.target.value)} />
          )}
        </Field>
        {askConsent && (
          <ConsentBox accepted={accepted} onChange={setAccepted} error={problems.accept_terms ? t("auth.consentRequired") : undefined} />
        )}
      </SendForm>
    </div>
  );
}
