/**
 * The phase timeline of a process: the phases it will go through, kept in the one order the
 * server allows (意見募集 → 投票 → テーマ整理 → 素案づくり → 素案への意見 → 終了), each with
 * optional dates. Choosing another phase for a row moves it to its place; focus follows the row.
 */
import { useRef } from "react";
import { useTranslation } from "react-i18next";
import { PHASES, type Phase, type PhaseDates } from "../../../shared/api/types";
import { Field } from "../../../shared/components/Field";

export const phaseOrder = (phases: PhaseDates[]) =>
  [...phases].sort((a, b) => PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase));

export const phaseControlId = (phase: Phase, part: "kind" | "starts" | "ends") => `phase-${phase}-${part}`;

const focusSoon = (id: string) => requestAnimationFrame(() => document.getElementById(id)?.focus());

interface Props {
  phases: PhaseDates[];
  onChange: (phases: PhaseDates[]) => void;
  problems: Record<string, string>;
}

export function PhaseEditor({ phases, onChange, problems }: Props) {
  const { t } = useTranslation();
  const addButton = useRef<HTMLButtonElement>(null);
  const unused = PHASES.filter((phase) => !phases.some((p) => p.phase === phase));
  const add = () => {
    const phase = unused[0];
    onChange(phaseOrder([...phases, { phase, starts_on: null, ends_on: null }]));
    focusSoon(phaseControlId(phase, "kind"));
  };
  const remove = (phase: Phase) => {
    onChange(phases.filter((p) => p.phase !== phase));
    addButton.current?.focus();
  };
  const update = (phase: Phase, change: Partial<PhaseDates>) => {
    onChange(phaseOrder(phases.map((p) => (p.phase === phase ? { ...p, ...change } : p))));
    if (change.phase) focusSoon(phaseControlId(change.phase, "kind"));
  };
  return (
    <fieldset className="fieldset" aria-describedby={problems.phases ? "phases-hint phases-error" : "phases-hint"}>
      <legend>{t("setup:phases")}</legend>
      <p className="field__hint" id="phases-hint">
        {t("setup:phasesHint")}
      </p>
      {problems.phases && (
        <p className="field__error" id="phases-error">
          {problems.phases}
        </p>
      )}
      {phases.length === 0 && <p>{t("setup:noPhases")}</p>}
      <ol className="phase-editor">
        {phases.map((p, index) => {
          const name = t(`phases.${p.phase}`);
          return (
            <li key={p.phase} className="card phase-editor__row">
              <Field id={phaseControlId(p.phase, "kind")} label={t("setup:phaseKind", { n: index + 1 })} required>
                {(props) => (
                  <select {...props} className="select" value={p.phase}
                    onChange={(e) => update(p.phase, { phase: e.target.value as Phase })}>
                    {PHASES.filter((phase) => phase === p.phase || unused.includes(phase)).map((phase) => (
                      <option key={phase} value={phase}>
                        {t(`phases.${phase}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field id={phaseControlId(p.phase, "starts")} label={t("setup:startsOn", { phase: name })}
                error={problems[`phases[${index}].starts_on`]}>
                {(props) => (
                  <input {...props} type="date" className="input" value={p.starts_on ?? ""}
                    onChange={(e) => update(p.phase, { starts_on: e.target.value || null })} />
                )}
              </Field>
              <Field id={phaseControlId(p.phase, "ends")} label={t("setup:endsOn", { phase: name })}
                error={problems[`phases[${index}].ends_on`]}>
                {(props) => (
                  <input {...props} type="date" className="input" value={p.ends_on ?? ""}
                    onChange={(e) => update(p.phase, { ends_on: e.target.value || null })} />
                )}
              </Field>
              <button type="button" className="button button--ghost button--small" onClick={() => remove(p.phase)}>
                {t("setup:removePhase", { phase: name })}
              </button>
            </li>
          );
        })}
      </ol>
      <button ref={addButton} type="button" className="button button--secondary" disabled={unused.length === 0} onClick={add}>
        {t("setup:addPhase")}
      </button>
    </fieldset>
  );
}
