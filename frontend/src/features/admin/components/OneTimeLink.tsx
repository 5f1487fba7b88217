/** A set-password link shown once to the administrator: select it or copy it, then pass it on. */
import "../i18n";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { PasswordLink } from "../../../shared/api/types";
import { formatDateTimeJst } from "../../../shared/components/format";

export function OneTimeLink({ id, link, heading }: { id: string; link: PasswordLink; heading: string }) {
  const { t, i18n } = useTranslation();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link.url);
      setCopied(true);
    } catch {
      document.getElementById(id)?.focus(); // no clipboard access: the text is selected instead
    }
  };
  return (
    <div className="notice notice--info" role="status">
      <p>
        <strong>{heading}</strong>
      </p>
      <p id={`${id}-hint`}>
        {t("admin:linkOnce", { date: formatDateTimeJst(link.expires_at, i18n.language) })}
      </p>
      <div className="field">
        <label htmlFor={id} className="field__label">
          {t("admin:linkLabel")}
        </label>
        <input
          id={id}
          className="input"
          readOnly
          value={link.url}
          aria-describedby={`${id}-hint`}
          onFocus={(e) => e.target.select()}
        />
      </div>
      <button type="button" className="button button--small button--secondary" onClick={() => void copy()}>
        {copied ? t("admin:linkCopied") : t("admin:linkCopy")}
      </button>
    </div>
  );
}
