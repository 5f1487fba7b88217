/**
 * Create or edit a process (/planner/processes/new, /planner/processes/:processId/edit): titles
 * and descriptions in Japanese and English, the channels it takes proposals from, the landmarks
 * the theme analysis leaves out and its phase timeline. Problems are shown at their field (ours
 * first, then the server's problem+json) and focus moves to the first one.
 */
import { useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useProcess } from "../../../shared/api/queries";
import { VERIFICATION_LEVELS, type Process, type VerificationLevel } from "../../../shared/api/types";
import { useConfirmation } from "../../../shared/components/confirmation";
import { ErrorMessage, Loading } from "../../../shared/components/Feedback";
import { Field } from "../../../shared/components/Field";
import { usePageTitle } from "../../../shared/layout/usePageTitle";
import { ALL_CHANNELS, setupApi, type Channel, type ProcessInput } from "../api";
import { PhaseEditor, phaseControlId, phaseOrder } from "../components/PhaseEditor";
import { focusFirst, serverProblems } from "../problems";
import "../i18n";
import "../setup.css";

type Translate = (key: string, options?: Record<string, unknown>) => string;
type TextField = "title_ja" | "title_en" | "description_ja" | "description_en";
const LABELS: Record<TextField, string> = {
  title_ja: "setup:titleJa",
  title_en: "setup:titleEn",
  description_ja: "setup:descriptionJa",
  description_en: "setup:descriptionEn",
};

function inputFrom(process?: Process): ProcessInput {
  if (!process) {
    return { slug: "", title_ja: "", title_en: "", description_ja: "", description_en: "",
      phases: [{ phase: "ideas", starts_on: null, ends_on: null }], channels: [...ALL_CHANNELS], landmarks: [],
      min_level_to_propose: "none", min_level_to_vote: "none" };
  }
  const { slug, title_ja, title_en, description_ja, description_en, channels } = process;
  const phases = process.phases.map(({ phase, starts_on, ends_on }) => ({ phase, starts_on: starts_on ?? null, ends_on: ends_on ?? null }));
  return { slug, title_ja, title_en, description_ja, description_en, phases, channels: [...channels],
    landmarks: [...(process.landmarks ?? [])],
    min_level_to_propose: process.min_level_to_propose ?? "none", min_level_to_vote: process.min_level_to_vote ?? "none" };
}

/** The landmarks as sent: the textarea's lines, trimmed, blank ones dropped. */
function landmarkList(lines: string[]): string[] {
  return lines.map((line) => line.trim()).filter((line) => line !== "");
}

/** What we can tell before asking the server, keyed like the server's field names. */
function checkInput(form: ProcessInput, creating: boolean, t: Translate): Record<string, string> {
  const problems: Record<string, string> = {};
  if (creating && !/^[a-z0-9][a-z0-9-]{2,79}$/.test(form.slug ?? "")) problems.slug = t("setup:errors.slug");
  if (!form.title_ja.trim()) problems.title_ja = t("validation.required", { field: t("setup:titleJa") });
  if (form.channels.length === 0) problems.channels = t("setup:errors.noChannel");
  if (form.landmarks.some((name) => name.length > 80)) problems.landmarks = t("setup:errors.landmark");
  form.phases.forEach((p, i) => {
    if (p.starts_on && p.ends_on && p.ends_on < p.starts_on) problems[`phases[${i}].ends_on`] = t("setup:errors.endsBeforeStart");
  });
  return problems;
}

/** The control to focus for each problem key, in the order of the form. */
function controlIds(form: ProcessInput, problems: Record<string, string>): string[] {
  const ids: string[] = [];
  for (const key of ["slug", "title_ja", "title_en", "description_ja", "description_en"]) if (problems[key]) ids.push(`process-${key}`);
  if (problems.channels) ids.push(`channel-${ALL_CHANNELS[0]}`);
  if (problems.landmarks) ids.push("process-landmarks");
  form.phases.forEach((p, i) => {
    if (problems[`phases[${i}].starts_on`]) ids.push(phaseControlId(p.phase, "starts"));
    if (problems[`phases[${i}].ends_on`]) ids.push(phaseControlId(p.phase, "ends"));
  });
  return ids;
}

function ProcessForm({ process }: { process?: Process }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const confirm = useConfirmation();
  const creating = process === undefined;
  const [form, setForm] = useState<ProcessInput>(() => inputFrom(process));
  const [local, setLocal] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (input: ProcessInput) => (process ? setupApi.updateProcess(process.id, input) : setupApi.createProcess(input)),
    onSuccess: (saved) => {
      client.setQueryData(["process", saved.id], saved);
      void client.invalidateQueries({ queryKey: ["processes"] });
      void client.invalidateQueries({ queryKey: ["setup-processes"] });
      confirm(t(creating ? "setup:created" : "setup:saved", { title: saved.title_ja }), "/planner/processes");
    },
    onError: (error) => focusFirst(controlIds(form, serverProblems(error, t))),
  });
  const problems = { ...serverProblems(save.error, t), ...local };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input = { ...form, phases: phaseOrder(form.phases), landmarks: landmarkList(form.landmarks) };
    const found = checkInput(input, creating, t);
    setLocal(found);
    if (Object.keys(found).length > 0) focusFirst(controlIds(input, found));
    else save.mutate(input);
  };
  const toggle = (channel: Channel, on: boolean) =>
    setForm({ ...form, channels: on ? [...form.channels, channel] : form.channels.filter((c) => c !== channel) });
  const text = (field: TextField, multiline: boolean, required = false) => (
    <Field id={`process-${field}`} label={t(LABELS[field])} required={required} error={problems[field]}>
      {(props) =>
        multiline ? (
          <textarea {...props} className="textarea" rows={5} lang={field.endsWith("_en") ? "en" : "ja"} value={form[field]}
            onChange={(e) => setForm({ ...form, [field]: e.target.value })} />
        ) : (
          <input {...props} className="input" lang={field.endsWith("_en") ? "en" : "ja"} value={form[field]}
            onChange={(e) => setForm({ ...form, [field]: e.target.value })} />
        )
      }
    </Field>
  );
  const archived = process?.archived_at != null;
  return (
    <form onSubmit={submit} noValidate className="form">
      {archived && <p className="notice notice--info">{t("setup:archivedNotice")}</p>}
      {save.isError && <ErrorMessage error={save.error} />}
      {creating && (
        <Field id="process-slug" label={t("setup:slug")} hint={t("setup:slugHint")} required error={problems.slug}>
          {(props) => (
            <input {...props} className="input" lang="en" autoCapitalize="none" spellCheck={false} value={form.slug}
              onChange={(e) => setForm({ ...form, slug: e.target.value })} />
          )}
        </Field>
      )}
      {text("title_ja", false, true)}
      {text("title_en", false)}
      {text("description_ja", true)}
      {text("description_en", true)}
      <fieldset className="fieldset" aria-describedby={problems.channels ? "channels-hint channels-error" : "channels-hint"}>
        <legend>{t("setup:channels")}</legend>
        <p className="field__hint" id="channels-hint">
          {t("setup:channelsHint")}
        </p>
        {problems.channels && (
          <p className="field__error" id="channels-error">
            {problems.channels}
          </p>
        )}
        {ALL_CHANNELS.map((channel) => (
          <div className="radio" key={channel}>
            <input type="checkbox" className="checkbox" id={`channel-${channel}`} checked={form.channels.includes(channel)}
              onChange={(e) => toggle(channel, e.target.checked)} />
            <label htmlFor={`channel-${channel}`}>{t(`channels.${channel}`)}</label>
          </div>
        ))}
      </fieldset>
      <Field id="process-landmarks" label={t("setup:landmarks")} hint={t("setup:landmarksHint")} error={problems.landmarks}>
        {(props) => (
          <textarea {...props} className="textarea" rows={4} lang="ja" value={form.landmarks.join("\n")}
            onChange={(e) => setForm({ ...form, landmarks: e.target.value.split("\n") })} />
        )}
      </Field>
      <fieldset className="fieldset">
        <legend>{t("setup:verification")}</legend>
        <p className="field__hint">{t("setup:verificationHint")}</p>
        {(["min_level_to_propose", "min_level_to_vote"] as const).map((field) => (
          <Field key={field} id={`process-${field}`} label={t(`setup:${field}`)} error={problems[field]}>
            {(props) => (
              <select {...props} className="select" value={form[field]}
                onChange={(e) => setForm({ ...form, [field]: e.target.value as VerificationLevel })}>
                {VERIFICATION_LEVELS.map((level) => (
                  <option key={level} value={level}>{t(`setup:levels.${level}`)}</option>
                ))}
              </select>
            )}
          </Field>
        ))}
      </fieldset>
      <PhaseEditor phases={form.phases} onChange={(phases) => setForm({ ...form, phases })} problems={problems} />
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={save.isPending || archived}>
          {save.isPending ? t("setup:saving") : t(creating ? "setup:create" : "setup:save")}
        </button>
        <Link to="/planner/processes" className="button button--secondary">
          {t("setup:cancel")}
        </Link>
      </div>
    </form>
  );
}

export default function ProcessFormPage() {
  const { t } = useTranslation();
  const { processId } = useParams();
  const id = processId === undefined ? Number.NaN : Number(processId);
  const editing = processId !== undefined;
  const process = useProcess(id);
  const title = editing ? t("setup:editTitle") : t("setup:newTitle");
  usePageTitle(title);
  return (
    <div className="narrow">
      <p>
        <Link to="/planner/processes">{t("setup:backToList")}</Link>
      </p>
      <h1>{title}</h1>
      {editing && process.isPending && <Loading />}
      {editing && process.isError && <ErrorMessage error={process.error} onRetry={() => void process.refetch()} />}
      {!editing && <ProcessForm />}
      {editing && process.data && <ProcessForm key={process.data.id} process={process.data} />}
    </div>
  );
}
