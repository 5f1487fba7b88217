import { lazy, Suspense, useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { endpoints } from "../../../shared/api/endpoints";
import type { AgeBand } from "../../../shared/api/types";
import { ME_KEY, useMe } from "../../../shared/auth/session";
import { Loading } from "../../../shared/components/Feedback";
import { Field } from "../../../shared/components/Field";
import { SendForm } from "../../../shared/components/SendForm";
import { usePageTitle } from "../../../shared/layout/usePageTitle";
import { setLanguage, type Language } from "../../../shared/i18n";
import { requiredText, type Problem } from "../../../shared/validation";
import { AccountRights } from "../components/AccountRights";
import { EmailConfirmation, NotificationSettings } from "../components/NotificationSettings";
import { DistrictAgeFields } from "../components/ProfileFields";
import { useStateFrom } from "../../../shared/components/useStateFrom";

// 外部アカウントとの連携 (a lazy chunk: shown only where the site offers providers)
const LinkedProviders = lazy(() => import("../../oidc/components/LinkedProviders"));
// 本人確認 and 「確認コードを入力」: its own chunk, with its messages
const VerificationCode = lazy(() => import("../../verification/components/VerificationCode"));

export function ProfilePage() {
  const { t } = useTranslation();
  usePageTitle(t("profile.title"));
  const me = useMe();
  const client = useQueryClient();
  // the form starts from the account and again whenever the account reloads
  const [name, setName] = useStateFrom(me.data?.display_name ?? "");
  const [district, setDistrict] = useStateFrom(me.data?.district_code ?? "");
  const [ageBand, setAgeBand] = useStateFrom<AgeBand | "">(me.data?.age_band ?? "");
  const [language, setLang] = useStateFrom<Language>(me.data?.language === "en" ? "en" : "ja");
  const [nameProblem, setNameProblem] = useState<Problem>();
  const [message, setMessage] = useState<string>();


  const save = useMutation({
    mutationFn: () =>
      endpoints.updateProfile({
        display_name: name.trim(),
        district_code: district || null,
        age_band: ageBand || null,
        language,
      }),
    onSuccess: async (user) => {
      client.setQueryData(ME_KEY, user);
      await setLanguage(language);
      setMessage(t("profile.saved"));
    },
  });
  const submit = () => {
    setMessage(undefined);
    const problem = requiredText(name, "auth.displayName", 80);
    setNameProblem(problem);
    if (problem) {
      document.getElementById("profile-name")?.focus();
      return;
    }
    save.mutate();
  };

  if (me.isPending) return <Loading />;
  if (!me.data)
    return (
      <>
        <h1>{t("profile.title")}</h1>
        <p>
          <Link to="/signin" state={{ from: "/profile" }}>
            {t("nav.signIn")}
          </Link>
        </p>
      </>
    );

  return (
    <div className="narrow">
      <h1>{t("profile.title")}</h1>
      <dl className="meta-list">
        <div>
          <dt>{t("profile.email")}</dt>
          <dd>
            {/* an account signed up with a provider that verified no address has none */}
            {me.data.email.includes("@") ? (
              <>
                {me.data.email}
                <EmailConfirmation me={me.data} />
              </>
            ) : (
              t("profile.noEmail")
            )}
          </dd>
        </div>
        <div>
          <dt>{t("profile.role")}</dt>
          <dd>{t(`roles.${me.data.role}`)}</dd>
        </div>
      </dl>
      <SendForm request={save} onSubmit={submit} submitLabel={t("profile.save")} sendingLabel={t("profile.saving")} done={message}>
        <Field id="profile-name" label={t("auth.displayName")} hint={t("auth.displayNameHint")} error={nameProblem} required>
          {(props) => <input {...props} className="input" value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <DistrictAgeFields
          idPrefix="profile"
          district={district}
          ageBand={ageBand}
          onDistrict={setDistrict}
          onAgeBand={setAgeBand}
        />
        <fieldset className="fieldset">
          <legend>{t("profile.language")}</legend>
          {(["ja", "en"] as const).map((value) => (
            <div className="radio" key={value}>
              <input
                type="radio"
                id={`profile-lang-${value}`}
                name="language"
                value={value}
                checked={language === value}
                onChange={() => setLang(value)}
              />
              <label htmlFor={`profile-lang-${value}`} lang={value}>
                {t(`languages.${value}`)}
              </label>
            </div>
          ))}
        </fieldset>
      </SendForm>
      {me.data.role === "resident" && (
        <Suspense fallback={null}>
          <VerificationCode />
        </Suspense>
      )}
      <NotificationSettings />
      <Suspense fallback={null}>
        <LinkedProviders />
      </Suspense>
      <AccountRights />
    </div>
  );
}
