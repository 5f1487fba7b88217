/** A reflection status (反映 / 一部反映 / 既に対応済み / 今後の参考 / 反映困難) as a labelled badge; text, not colour, carries it. */
import { useTranslation } from "react-i18next";
import { RESPONSE_STATUSES, type ResponseStatus } from "../../../shared/api/planTypes";
import { StateBadge, type StateTone } from "../../../shared/components/StateBadge";
import "../i18n";

const TONES: Record<ResponseStatus, StateTone> = {
  reflected: "success",
  partly_reflected: "info",
  already_addressed: "neutral",
  for_reference: "accent",
  difficult: "danger",
};

function isKnown(status: string): status is ResponseStatus {
  return (RESPONSE_STATUSES as readonly string[]).includes(status);
}

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return isKnown(status) ? <StateBadge tone={TONES[status]}>{t(`responses:status.${status}`)}</StateBadge> : <StateBadge tone="danger">{status}</StateBadge>;
}
