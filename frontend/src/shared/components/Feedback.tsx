/** Progress, errors and confirmations, announced to screen readers. */
import { useTranslation } from "react-i18next";
import { ApiError, problemMessage } from "../api/client";

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label ?? t("common.loading")}
    </p>
  );
}

/** An API or network error as a plain sentence (never raw JSON), with an optional retry. */
export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="notice notice--error" role="alert">
      <p>{problemMessage(error, t, i18n.language)}</p>
      {error instanceof ApiError && error.problem.required_level === "postcard" && (
        <p>
          <a href="/profile#verification-code">{t("problems.verification.enterCode")}</a>
        </p>
      )}
      {onRetry && (
        <button type="button" className="button button--secondary" onClick={onRetry}>
          {t("common.retry")}
        </button>
      )}
    </div>
  );
}

/** A polite live region: put it in the page from the start so changes are announced. */
export function LiveMessage({ message, tone = "success" }: { message?: string; tone?: "success" | "info" }) {
  return (
    <div role="status" aria-live="polite" className={message ? `notice notice--${tone}` : "visually-hidden"}>
      {message}
    </div>
  );
}
