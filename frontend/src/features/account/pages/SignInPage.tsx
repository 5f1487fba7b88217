import { lazy, Suspense, useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate } from "react-router";
import { ApiError } from "../../../shared/api/client";
import { endpoints } from "../../../shared/api/endpoints";
import { homeFor, useSetMe } from "../../../shared/auth/session";
import { Field } from "../../../shared/components/Field";
import { SendForm } from "../../../shared/components/SendForm";
import { usePageTitle } from "../../../shared/layout/usePageTitle";
import { setLanguage } from "../../../shared/i18n";
import { hasProblems, validateSignIn, type Problems } from "../../../shared/validation";

// 「LINEでログイン」-style buttons of the site's providers (a lazy chunk: most sites have none)
const ProviderSignIn = lazy(() => import("../../oidc/components/ProviderSignIn"));

export function SignInPage() {
  const { t } = useTranslation();
  usePageTitle(t("auth.signInTitle"));
  const navigate = useNavigate();
  const location = useLocation();
  const setMe = useSetMe();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [problems, setProblems] = useState<Problems<"email" | "password">>({});
  const from = (location.state as { from?: string } | null)?.from;

  const login = useMutation({
    mutationFn: () => endpoints.login(email.trim(), password),
    onSuccess: (user) => {
      setMe(user);
      if (user.language === "en" || user.language === "ja") void setLanguage(user.language);
      navigate(from ?? homeFor(user), { replace: true });
    },
  });
  const submit = () => {
    const found = validateSignIn({ email, password });
    setProblems(found);
    if (hasProblems(found)) {
      document.getElementById(found.email ? "signin-email" : "signin-password")?.focus();
      return;
    }
    login.mutate();
  };
  const wrongPassword = login.error instanceof ApiError && login.error.status === 401;

  return (
    <div className="narrow">
      <h1>{t("auth.signInTitle")}</h1>
      <SendForm
        request={login}
        onSubmit={submit}
        submitLabel={t("auth.submit")}
        sendingLabel={t("auth.signingIn")}
        failure={
          wrongPassword ? (
            <div className="notice notice--error" role="alert">
              <p>{t("auth.wrong")}</p>
            </div>
          ) : undefined
        }
      >
        <Field id="signin-email" label={t("auth.email")} error={problems.email} required>
          {(props) => (
            <input
              {...props}
              type="email"
              autoComplete="username"
              className="input"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          )}
        </Field>
        <Field id="signin-password" label={t("auth.password")} error={problems.password} required>
          {(props) => (
            <input
              {...props}
              type="password"
              autoComplete="current-password"
              className="input"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
      </SendForm>
      <Suspense fallback={null}>
        <ProviderSignIn returnTo={from} />
      </Suspense>
      <p>
        <Link to="/forgot-password">{t("accountMail.forgot")}</Link>
      </p>
      <p>
        <Link to="/signup">{t("auth.noAccount")}</Link>
      </p>
    </div>
  );
}
