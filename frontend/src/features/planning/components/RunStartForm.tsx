/**
 * Start an analysis: 「標準（推奨）」 or 「高速・簡易」 in plain words; the model, theme counts
 * and seed behind 「詳細」, checked before sending.
 */
import { useRef, useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../../shared/api/client";
import { ErrorMessage } from "../../../shared/components/Feedback";
import { Field } from "../../../shared/components/Field";
import { planning } from "../../../shared/api/planEndpoints";
import { BACKENDS, type AnalysisBackend, type AnalysisParams, type Run } from "../../../shared/api/planTypes";
import { PRESETS, presetOf, type Preset } from "../presets";
import "../i18n";

export interface RunForm {
  backend: AnalysisBackend;
  counts: "auto" | "manual";
  nThemes: string;
  nSubthemes: string;
  seed: string;
}

type Errors = Partial<Record<"nThemes" | "nSubthemes" | "seed", string>>;

/** Checks mirroring the API (whole numbers; seed 0–2147483647) and turns the form into params. */
export function toParams(form: RunForm): { params?: AnalysisParams; errors: Errors } {
  const errors: Errors = {};
  const whole = (text: string, min: number, max: number) =>
    /^\d+$/.test(text.trim()) && Number(text) >= min && Number(text) <= max ? Number(text) : null;
  const params: AnalysisParams = { backend: form.backend, n_themes: null, n_subthemes: null };
  if (form.counts === "manual") {
    params.n_themes = whole(form.nThemes, 2, 50);
    if (params.n_themes === null) errors.nThemes = "planning:runs.errors.nThemes";
    if (form.nSubthemes.trim()) {
      params.n_subthemes = whole(form.nSubthemes, 1, 20);
      if (params.n_subthemes === null) errors.nSubthemes = "planning:runs.errors.nSubthemes";
    }
  }
  const seed = whole(form.seed || "0", 0, 2147483647);
  if (seed === null) errors.seed = "planning:runs.errors.seed";
  else params.seed = seed;
  return Object.keys(errors).length ? { errors } : { params, errors };
}

export function RunStartForm({ processId, onStarted }: { processId: number; onStarted: (run: Run) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [form, setForm] = useState<RunForm>({ backend: PRESETS.standard, counts: "auto", nThemes: "", nSubthemes: "", seed: "0" });
  const [errors, setErrors] = useState<Errors>({});
  const formRef = useRef<HTMLFormElement>(null);
  const detailsRef = useRef<HTMLDetailsElement>(null);
  const preset = presetOf(form.backend);
  const start = useMutation({
    mutationFn: (params: AnalysisParams) => planning.startRun(processId, params),
    onSuccess: (run) => {
      void client.invalidateQueries({ queryKey: ["analysis-runs", processId] });
      onStarted(run);
    },
  });
  const set = (patch: Partial<RunForm>) => setForm((f) => ({ ...f, ...patch }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { params, errors: found } = toParams(form);
    setErrors(found);
    if (!params) {
      const first = Object.keys(found)[0];
      if (detailsRef.current) detailsRef.current.open = true; // every checked field is in 「詳細」
      formRef.current?.querySelector<HTMLElement>(`#run-${first}`)?.focus();
      return;
    }
    start.mutate(params);
  };
  const conflictRun =
    start.error instanceof ApiError && start.error.status === 409 ? Number(start.error.problem.run_id) : null;

  return (
    <form ref={formRef} className="panel plan-form" onSubmit={submit} noValidate aria-labelledby="run-start-title">
      <h2 id="run-start-title">{t("planning:runs.startTitle")}</h2>
      <fieldset className="fieldset">
        <legend>{t("planning:runs.preset")}</legend>
        {(Object.keys(PRESETS) as Preset[]).map((name) => (
          <div key={name} className="radio-option">
            <label className="radio">
              <input
                type="radio"
                name="preset"
                value={name}
                checked={preset === name}
                aria-describedby={`run-preset-${name}-hint`}
                onChange={() => set({ backend: PRESETS[name] })}
              />
              {t(`planning:runs.presets.${name}`)}
            </label>
            <p id={`run-preset-${name}-hint`} className="field__hint">
              {t(`planning:runs.presetHints.${name}`)}
            </p>
          </div>
        ))}
      </fieldset>
      <details ref={detailsRef} className="run-details">
        <summary>{t("planning:runs.details")}</summary>
        <Field id="run-backend" label={t("planning:runs.backend")} hint={t("planning:runs.backendHint")}>
          {(props) => (
            <select {...props} className="select" value={form.backend} onChange={(e) => set({ backend: e.target.value as AnalysisBackend })}>
              {BACKENDS.map((b) => (
                <option key={b} value={b}>
                  {t(`planning:runs.backends.${b}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <fieldset className="fieldset">
          <legend>{t("planning:runs.counts")}</legend>
          <label className="radio">
            <input type="radio" name="counts" checked={form.counts === "auto"} onChange={() => set({ counts: "auto" })} />
            {t("planning:runs.countsAuto")}
          </label>
          <label className="radio">
            <input type="radio" name="counts" checked={form.counts === "manual"} onChange={() => set({ counts: "manual" })} />
            {t("planning:runs.countsManual")}
          </label>
        </fieldset>
        {form.counts === "manual" && (
          <div className="plan-form__row">
            <Field id="run-nThemes" label={t("planning:runs.nThemes")} hint={t("planning:runs.nThemesHint")} required error={errors.nThemes && t(errors.nThemes)}>
              {(props) => (
                <input {...props} className="input input--short" inputMode="numeric" value={form.nThemes} onChange={(e) => set({ nThemes: e.target.value })} />
              )}
            </Field>
            <Field id="run-nSubthemes" label={t("planning:runs.nSubthemes")} hint={t("planning:runs.nSubthemesHint")} error={errors.nSubthemes && t(errors.nSubthemes)}>
              {(props) => (
                <input {...props} className="input input--short" inputMode="numeric" value={form.nSubthemes} onChange={(e) => set({ nSubthemes: e.target.value })} />
              )}
            </Field>
          </div>
        )}
        <Field id="run-seed" label={t("planning:runs.seed")} hint={t("planning:runs.seedHint")} error={errors.seed && t(errors.seed)}>
          {(props) => (
            <input {...props} className="input input--short" inputMode="numeric" value={form.seed} onChange={(e) => set({ seed: e.target.value })} />
          )}
        </Field>
      </details>
      {Object.keys(errors).length > 0 && (
        <p className="notice notice--error" role="alert">
          {t("shared:common.fixErrors", { count: Object.keys(errors).length })}
        </p>
      )}
      {conflictRun ? (
        <div className="notice notice--warning" role="alert">
          <p>{t("planning:runs.alreadyRunning", { id: conflictRun })}</p>
        </div>
      ) : (
        start.isError && <ErrorMessage error={start.error} />
      )}
      <button type="submit" className="button button--primary" disabled={start.isPending}>
        {start.isPending ? t("planning:runs.starting") : t("planning:runs.start")}
      </button>
    </form>
  );
}
