/** The pages that e-mail links open (password reset, address confirmation, unsubscribe) and
 * the 「パスワードをお忘れの方」 request page. A page reached from a link acts only when the
 * person presses its button: mail scanners that open links must not spend the token. */
import { useState, type ReactNode } from "react";
import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { endpoints } from "../../../shared/api/endpoints";
import { ErrorMessage, LiveMessage } from "../../../shared/components/Feedback";
import { Field } from "../../../shared/components/Field";
import { SendForm } from "../../../shared/components/SendForm";
import { usePageTitle } from "../../../shared/layout/usePageTitle";
import { LIMITS, type Problem } from "../../../shared/validation";

function useToken(): string {
  const [params] = useSearchParams();
  return params.get("token") ?? "";
}

function Page({ title, children }: { title: string; children: ReactNode }) {
  usePageTitle(title);
  return (
    <div className="narrow">
      <h1>{title}</h1>
      {children}
    </div>
  );
}

function MissingToken() {
  const { t } = useTranslation();
  return (
    <div className="notice notice--error" role="alert">
      <p>{t("accountMail.noToken")}</p>
    </div>
  );
}

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [email, setEmail] = useState("");
  const [problem, setProblem] = useState<Problem>();
  const ask = useMutation({ mutationFn: () => endpoints.requestPasswordReset(email.trim()) });
  const submit = () => {
    const missing = email.trim() ? undefined : { key: "validation.required", values: { fieldKey: "auth.email" } };
    setProblem(missing);
    if (missing) document.getElementById("forgot-email")?.focus();
    else ask.mutate();
  };
  return (
    <Page title={t("accountMail.forgotTitle")}>
      <p>{t("accountMail.forgotIntro")}</p>
      <SendForm request={ask} onSubmit={submit} submitLabel={t("accountMail.send")} sendingLabel={t("accountMail.sending")}
        done={ask.isSuccess ? t("accountMail.sent") : undefined}>
        <Field id="forgot-email" label={t("auth.email")} error={problem} required>
          {(props) => (
            <input {...props} type="email" autoComplete="email" className="input" value={email}
              onChange={(e) => setEmail(e.target.value)} />
          )}
        </Field>
      </SendForm>
    </Page>
  );
}

export function ResetPasswordPage() {
  const { t } = useTranslation();
  const token = useToken();
  const [password, setPassword] = useState("");
  const [problem, setProblem] = useState<Problem>();
  const reset = useMutation({ mutationFn: () => endpoints.resetPassword(token, password) });
  const submit = () => {
    const short = [...password].length < LIMITS.password ? { key: "validation.passwordLength" } : undefined;
    setProblem(short);
    if (short) document.getElementById("reset-password")?.focus();
    else reset.mutate();
  };
  if (!token) return <Page title={t("accountMail.resetTitle")}><MissingToken /></Page>;
  return (
    <Page title={t("accountMail.resetTitle")}>
      {reset.isSuccess ? (
        <>
          <LiveMessage message={t("accountMail.resetDone")} />
          <p><Link to="/signin">{t("accountMail.signIn")}</Link></p>
        </>
      ) : (
        <SendForm request={reset} onSubmit={submit} submitLabel={t("accountMail.setPassword")} sendingLabel={t("accountMail.setting")}>
          <Field id="reset-password" label={t("accountMail.newPassword")} hint={t("auth.passwordHint")}
            error={problem} required>
            {(props) => (
              <input {...props} type="password" autoComplete="new-password" className="input"
                value={password} onChange={(e) => setPassword(e.target.value)} />
            )}
          </Field>
        </SendForm>
      )}
    </Page>
  );
}

/** A page with one button that spends the link's token (confirmation, unsubscribe). */
function OneButtonPage({ title, intro, button, pending, done, action }: {
  title: string; intro: string; button: string; pending: string; done: string;
  action: (token: string) => Promise<unknown>;
}) {
  const token = useToken();
  const act = useMutation({ mutationFn: () => action(token) });
  if (!token) return <Page title={title}><MissingToken /></Page>;
  return (
    <Page title={title}>
      {act.isSuccess ? (
        <LiveMessage message={done} />
      ) : (
        <>
          <p>{intro}</p>
          {act.isError && <ErrorMessage error={act.error} />}
          <div className="button-row">
            <button type="button" className="button button--primary" disabled={act.isPending}
              onClick={() => act.mutate()}>
              {act.isPending ? pending : button}
            </button>
          </div>
        </>
      )}
    </Page>
  );
}

export function ConfirmEmailPage() {
  const { t } = useTranslation();
  return (
    <OneButtonPage title={t("accountMail.confirmTitle")} intro={t("accountMail.confirmIntro")}
      button={t("accountMail.confirm")} pending={t("accountMail.confirming")}
      done={t("accountMail.confirmed")} action={endpoints.confirmEmail} />
  );
}

export function UnsubscribePage() {
  const { t } = useTranslation();
  return (
    <OneButtonPage title={t("accountMail.unsubscribeTitle")} intro={t("accountMail.unsubscribeIntro")}
      button={t("accountMail.unsubscribe")} pending={t("accountMail.unsubscribing")}
      done={t("accountMail.unsubscribed")} action={endpoints.unsubscribe} />
  );
}
