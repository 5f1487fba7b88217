import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ApiError, fieldProblems } from "../../../shared/api/client";
import { endpoints } from "../../../shared/api/endpoints";
import type { AgeBand } from "../../../shared/api/types";
import { useSetMe } from "../../../shared/auth/session";
import { useConfirmation } from "../../../shared/components/confirmation";
import { Field } from "../../../shared/components/Field";
import { SendForm } from "../../../shared/components/SendForm";
import { usePageTitle } from "../../../shared/layout/usePageTitle";
import { hasProblems, validateSignUp, type Problems } from "../../../shared/validation";
import { DistrictAgeFields } from "../components/ProfileFields";
import { useSite } from "../../../shared/site";

type SignUpField = "email" | "password" | "display_name" | "accept_terms";

export function SignUpPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t("auth.signUpTitle"));
  const confirm = useConfirmation();
  const setMe = useSetMe();
  const [form, setForm] = useState({ email: "", password: "", display_name: "" });
  const [district, setDistrict] = useState("");
  const [ageBand, setAgeBand] = useState<AgeBand | "">("");
  const [problems, setProblems] = useState<Problems<SignUpField>>({});
  const [accepted, setAccepted] = useState(false);
  // the box appears once the site has published its terms of use or privacy policy
  const pages = useSite().data?.pages;
  const askConsent = !!(pages?.terms || pages?.privacy);

  // Sign-up answers alike whether or not the address already has an account (it must not
  // reveal who is registered) and starts no session; we then sign in with the password just
  // typed. For a new account that succeeds; for an existing one it is the ordinary 401.
  const register = useMutation({
    mutationFn: async () => {
      const email = form.email.trim();
      await endpoints.register({
        email,
        password: form.password,
        display_name: form.display_name.trim(),
        district_code: district || null,
        age_band: ageBand || null,
        language: i18n.language === "en" ? "en" : "ja",
        accept_terms: accepted,
      });
      return endpoints.login(email, form.password);
    },
    onSuccess: (user) => {
      setMe(user);
      confirm(t("auth.signedUp", { name: user.display_name }), "/");
    },
    onError: (error) => setProblems(fieldProblems(error, t) as Problems<SignUpField>),
  });
  const submit = () => {
    const found: Problems<SignUpField> = validateSignUp(form);
    if (askConsent && !accepted) found.accept_terms = { key: "auth.consentRequired" };
    setProblems(found);
    if (hasProblems(found)) {
      const first = (["email", "password", "display_name", "accept_terms"] as const).find((f) => found[f]);
      document.getElementById(`signup-${first}`)?.focus();
      return;
    }
    register.mutate();
  };
  const notSignedIn = register.error instanceof ApiError && register.error.status === 401;
  const set = (field: SignUpField) => (value: string) => setForm({ ...form, [field]: value });

  return (
    <div className="narrow">
      <h1>{t("auth.signUpTitle")}</h1>
      <p>{t("auth.signUpIntro")}</p>
      <SendForm
        request={register}
        onSubmit={submit}
        submitLabel={t("auth.create")}
        sendingLabel={t("auth.creating")}
        failure={
          notSignedIn ? (
            <div className="notice notice--error" role="alert">
              <p>
                {t("auth.notSignedInAfterSignUp")} <Link to="/signin">{t("nav.signIn")}</Link>
              </p>
            </div>
          ) : undefined
        }
      >
        <Field id="signup-email" label={t("auth.email")} error={problems.email} required>
          {(props) => (
            <input
              {...props}
              type="email"
              autoComplete="email"
              className="input"
              value={form.email}
              onChange={(e) => set("email")(e.target.value)}
            />
          )}
        </Field>
        <Field id="signup-password" label={t("auth.password")} hint={t("auth.passwordHint")} error={problems.password} required>
          {(props) => (
            <input
              {...props}
              type="password"
              autoComplete="new-password"
              className="input"
              value={form.password}
              onChange={(e) => set("password")(e.target.value)}
            />
          )}
        </Field>
        <Field
          id="signup-display_name"
          label={t("auth.displayName")}
          hint={t("auth.displayNameHint")}
          error={problems.display_name}
          required
        >
          {(props) => (
            <input
              {...props}
              autoComplete="nickname"
              className="input"
              value={form.display_name}
              onChange={(e) => set("display_name")(e.target.value)}
            />
          )}
        </Field>
        <DistrictAgeFields
          idPrefix="signup"
          district={district}
          ageBand={ageBand}
          onDistrict={setDistrict}
          onAgeBand={setAgeBand}
        />
        {askConsent && (
          <ConsentBox accepted={accepted} onChange={setAccepted} error={problems.accept_terms ? t("auth.consentRequired") : undefined} />
        )}
      </SendForm>
      <p>
        <Link to="/signin">{t("auth.haveAccount")}</Link>
      </p>
    </div>
  );
}

/** 「利用規約とプライバシーポリシーに同意します」 with links to both pages. */
export function ConsentBox({ accepted, onChange, error }: { accepted: boolean; onChange: (value: boolean) => void; error?: string }) {
  const { t } = useTranslation();
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <p id="signup-accept_terms-hint" className="field__hint">
        {t("auth.consentRead")}{" "}
        {(["terms", "privacy"] as const).map((kind, index) => (
          <span key={kind}>
            {index > 0 && t("common.listSeparator")}
            <a href={`/${kind}`} target="_blank" rel="noopener noreferrer">
              {t(`sitePages.${kind}`)}
            </a>
          </span>
        ))}
      </p>
      {error && (
        <p id="signup-accept_terms-error" className="field__error">
          {error}
        </p>
      )}
      <div className="field--inline">
        <input
          type="checkbox"
          id="signup-accept_terms"
          className="checkbox"
          checked={accepted}
          onChange={(e) => onChange(e.target.checked)}
          aria-describedby={error ? "signup-accept_terms-error signup-accept_terms-hint" : "signup-accept_terms-hint"}
          aria-invalid={error ? true : undefined}
          aria-required
        />
        <label htmlFor="signup-accept_terms" className="field__label">
          {t("auth.consent")}
          <span className="badge badge--required">{t("common.required")}</span>
        </label>
      </div>
    </div>
  );
}
