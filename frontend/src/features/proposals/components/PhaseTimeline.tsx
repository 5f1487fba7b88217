/** The phases of a process in order, the current one marked with aria-current="step". */
import { useTranslation } from "react-i18next";
import { PHASES, type Process } from "../../../shared/api/types";
import { formatDate } from "../../../shared/components/format";

export function PhaseTimeline({ process }: { process: Process }) {
  const { t, i18n } = useTranslation();
  const phases = process.phases.length
    ? [...process.phases].sort((a, b) => PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase))
    : PHASES.map((phase) => ({ phase, starts_on: null, ends_on: null }));
  const currentIndex = phases.findIndex((p) => p.phase === process.phase);
  return (
    <ol className="timeline">
      {phases.map((p, index) => {
        const state = index < currentIndex ? "done" : index === currentIndex ? "current" : "upcoming";
        return (
          <li key={p.phase} className={`timeline__step timeline__step--${state}`} aria-current={state === "current" ? "step" : undefined}>
            <span className="timeline__marker" aria-hidden="true" />
            <span className="timeline__name">
              {t(`phases.${p.phase}`)}
              {state === "current" && <span className="badge badge--current">{t("process.current")}</span>}
            </span>
            <span className="timeline__dates">
              {p.starts_on || p.ends_on
                ? t("process.dates", {
                    start: formatDate(p.starts_on, i18n.language),
                    end: formatDate(p.ends_on, i18n.language),
                  })
                : t("process.undated")}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
