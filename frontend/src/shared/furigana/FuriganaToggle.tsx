/** The header's ふりがな switch (a toggle button: aria-pressed says whether it is on). */
import { useTranslation } from "react-i18next";
import { setFurigana, useFurigana } from "./mode";

export function FuriganaToggle() {
  const { t } = useTranslation();
  const on = useFurigana();
  return (
    <button
      type="button"
      className="button button--small button--ghost furigana-toggle"
      aria-pressed={on}
      title={t("nav.furiganaHint")}
      onClick={() => setFurigana(!on)}
    >
      {t("nav.furigana")}
    </button>
  );
}
