import { useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ApiError, fieldProblems } from "../../api/client";
import { endpoints } from "../../api/endpoints";
import type { AgeBand } from "../../api/types";
import { useSetMe } from "../../auth/session";
import { useConfirmation } from "../../components/confirmation";
import { ErrorMessage } from "../../components/Feedback";
import { Field } from "../../components/Field";
import { usePageTitle } from "../../components/usePageTitle";
import { hasProblems, validateSignUp, type Problems } from "../../validation";
import { DistrictAgeFields } from "./ProfileFields";

type SignUpField = "email" | "password" | "display_name";

export function SignUpPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t("auth.signUpTitle"));
  const confirm = useConfirmation();
  const setMe = useSetMe();
  const [form, setForm] = useState({ email: "", password: "", display_name: "" });
  const [district, setDistrict] = useState("");
  const [ageBand, setAgeBand] = useState<AgeBand | "">("");
  const [problems, setProblems] = useState<Problems<SignUpField>>({});

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
      });
      return endpoints.login(email, form.password);
    },
    onSuccess: (user) => {
      setMe(user);
      confirm(t("auth.signedUp", { name: user.display_name }), "/");
    },
    onError: (error) => setProblems(fieldProblems(error, t) as Problems<SignUpField>),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validateSignUp(form);
    setProblems(found);
    if (hasProblems(found)) {
      const first = (["email", "password", "display_name"] as const).find((f) => found[f]);
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
      <form onSubmit={submit} noValidate className="form">
        {notSignedIn ? (
          <div className="notice notice--error" role="alert">
            <p>
              {t("auth.notSignedInAfterSignUp")} <Link to="/signin">{t("nav.signIn")}</Link>
            </p>
          </div>
        ) : (
          register.isError && <ErrorMessage error={register.error} />
        )}
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
        <div className="button-row">
          <button type="submit" className="button button--primary" disabled={register.isPending}>
            {register.isPending ? t("auth.creating") : t("auth.create")}
          </button>
        </div>
      </form>
      <p>
        <Link to="/signin">{t("auth.haveAccount")}</Link>
      </p>
    </div>
  );
}
