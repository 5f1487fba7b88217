/** A reflection status (反映 / 一部反映 / 既に対応済み / 今後の参考 / 反映困難) as a labelled badge; text, not colour, carries it. */
import { useTranslation } from "react-i18next";
import "../i18n";

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  const known = ["reflected", "partly_reflected", "already_addressed", "for_reference", "difficult"].includes(status);
  return <span className={`status-badge status-badge--${known ? status : "unknown"}`}>{known ? t(`responses:status.${status}`) : status}</span>;
}
