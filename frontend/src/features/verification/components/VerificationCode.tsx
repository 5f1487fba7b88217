/**
 * 本人確認 on the profile page: the account's verification tier and 「確認コードを入力」, where a
 * resident types the code from the postcard the city mailed (POST /verification/code). Loaded
 * with the profile page on demand, with its own messages, so the residents' first bundle stays
 * within its budget.
 */
import { useEffect, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ApiError, get, post } from "../../../shared/api/client";
import type { Schemas } from "../../../shared/api/openapi";
import { ME_KEY } from "../../../shared/auth/session";
import { LiveMessage } from "../../../shared/components/Feedback";
import { Field } from "../../../shared/components/Field";
import { SendForm } from "../../../shared/components/SendForm";
import "../i18n";

type VerificationStatus = Schemas["VerificationStatus"];

const REASONS = ["length", "unknown", "used", "expired"];

export default function VerificationCode() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const mine = useQuery({ queryKey: ["my-verification"], queryFn: () => get<VerificationStatus>("/verification/me") });
  const [code, setCode] = useState("");
  const [problem, setProblem] = useState<string>();
  const enter = useMutation({
    mutationFn: () => post<VerificationStatus>("/verification/code", { code: code.trim() }),
    onSuccess: (answer) => {
      client.setQueryData(["my-verification"], answer);
      void client.invalidateQueries({ queryKey: ME_KEY });
      setCode("");
    },
    onError: (error) => {
      const reason = error instanceof ApiError ? error.problem.reason : undefined;
      setProblem(typeof reason === "string" && REASONS.includes(reason) ? t(`verification:reasons.${reason}`) : undefined);
      document.getElementById("verification-code-input")?.focus();
    },
  });
  const submit = () => {
    if (!code.trim()) {
      setProblem(t("verification:required"));
      document.getElementById("verification-code-input")?.focus();
      return;
    }
    setProblem(undefined);
    enter.mutate();
  };
  const level = mine.data?.level;
  useEffect(() => {
    // arriving from a refused vote's link (/profile#verification-code): go to the form
    if (level && window.location.hash === "#verification-code") document.getElementById("verification-code")?.focus();
  }, [level]);
  const verified = level === "postcard" || level === "counter";
  return (
    <section aria-labelledby="verification-title">
      <h2 id="verification-title">{t("verification:title")}</h2>
      {level && <p>{t("verification:current", { level: t(`verification:levels.${level}`) })}</p>}
      {!verified && (
        <>
          <p>{t("verification:intro")}</p>
          <h3 id="verification-code" tabIndex={-1}>{t("verification:enterCode")}</h3>
          <SendForm
            request={enter}
            onSubmit={submit}
            submitLabel={t("verification:submit")}
            sendingLabel={t("verification:submitting")}
            failure={problem ? null : undefined}
            labelledBy="verification-code"
          >
            <Field id="verification-code-input" label={t("verification:code")} hint={t("verification:codeHint")} error={problem} required>
              {(props) => (
                <input {...props} className="input" autoComplete="one-time-code" autoCapitalize="characters"
                  spellCheck={false} maxLength={40} value={code} onChange={(e) => setCode(e.target.value)} />
              )}
            </Field>
          </SendForm>
          <p className="small">{t("verification:counterNote")}</p>
        </>
      )}
      <LiveMessage message={enter.isSuccess ? t("verification:done") : undefined} />
    </section>
  );
}
