/** Editing the draft's tree: goals → measures → actions and KPIs, Markdown bodies, theme and proposal links. */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Field } from "../../../shared/components/Field";
import type { DraftContent, Kpi, Measure, PlanAction, Theme, Voice } from "../../../shared/api/planTypes";
import {
  addAction,
  addGoal,
  addKpi,
  addMeasure,
  formatIds,
  numberLabel,
  parseIds,
  removeKpi,
  removeNode,
  updateKpi,
  updateNode,
  type NodeLevel,
} from "../draftModel";
import "../i18n";

type Change = (next: DraftContent) => void;

function ThemeLinks({ id, keys, themes, onChange }: { id: string; keys: string[]; themes: Theme[]; onChange: (keys: string[]) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const all = themes.flatMap((th) => [th, ...(th.subthemes ?? [])]);
  const title = (key: string) => all.find((th) => th.key === key)?.title ?? key;
  return (
    <details className="theme-links" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>
        {t("drafts:editor.themeLinks", { count: keys.length })}
        {keys.length > 0 && <span className="small">: {keys.map(title).join("、")}</span>}
      </summary>
      {open && (
        <fieldset className="fieldset">
          <legend className="visually-hidden">{t("drafts:editor.themeLinksLegend")}</legend>
          <ul className="check-list check-list--columns">
            {all.map((th) => (
              <li key={th.key} className={th.level === 2 ? "check-list__sub" : undefined}>
                <label className="radio">
                  <input
                    type="checkbox"
                    className="checkbox"
                    id={`${id}-theme-${th.key}`}
                    checked={keys.includes(th.key)}
                    onChange={(e) => onChange(e.target.checked ? [...keys, th.key] : keys.filter((k) => k !== th.key))}
                  />
                  {th.title}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      )}
    </details>
  );
}

function ProposalIds({ id, ids, onChange }: { id: string; ids: number[]; onChange: (ids: number[]) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(formatIds(ids));
  const [invalid, setInvalid] = useState<string[]>([]);
  return (
    <Field
      id={`${id}-proposals`}
      label={t("drafts:editor.proposalIds")}
      hint={t("drafts:editor.proposalIdsHint")}
      error={invalid.length ? t("drafts:editor.errors.ids", { values: invalid.join(" ") }) : undefined}
    >
      {(props) => (
        <input
          {...props}
          className="input"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onBlur={() => {
            const parsed = parseIds(text);
            setInvalid(parsed.invalid);
            if (parsed.invalid.length === 0) onChange(parsed.ids);
          }}
        />
      )}
    </Field>
  );
}

function NodeFields({ node, level, label, content, themes, onChange }: { node: PlanAction; level: NodeLevel; label: string; content: DraftContent; themes: Theme[]; onChange: Change }) {
  const { t } = useTranslation();
  const id = `node-${node.key}`;
  const levelName = t(`drafts:editor.levels.${level}`);
  return (
    <>
      <Field id={`${id}-title`} label={t("drafts:editor.itemTitle", { level: levelName, label })} required error={node.title.trim() ? undefined : t("drafts:editor.errors.title")}>
        {(props) => (
          <input {...props} className="input" maxLength={200} value={node.title} onChange={(e) => onChange(updateNode(content, node.key, { title: e.target.value }))} />
        )}
      </Field>
      <Field id={`${id}-body`} label={t("drafts:editor.body", { level: levelName, label })} hint={t("drafts:editor.bodyHint")}>
        {(props) => (
          <textarea {...props} className="textarea" rows={level === "action" ? 2 : 3} value={node.body ?? ""} onChange={(e) => onChange(updateNode(content, node.key, { body: e.target.value }))} />
        )}
      </Field>
      <ThemeLinks id={id} keys={node.theme_keys ?? []} themes={themes} onChange={(keys) => onChange(updateNode(content, node.key, { theme_keys: keys }))} />
      <ProposalIds id={id} ids={node.proposal_ids ?? []} onChange={(ids) => onChange(updateNode(content, node.key, { proposal_ids: ids }))} />
    </>
  );
}

type KpiText = "name" | "unit" | "baseline" | "target" | "target_year" | "source";

/** 市民の声: the residents' sentences the generator quoted beside a measure (read-only). */
function Voices({ voices, label }: { voices: Voice[]; label: string }) {
  const { t } = useTranslation();
  if (voices.length === 0) return null;
  return (
    <div className="plan-voices">
      <h3 className="kpis__title">{t("drafts:editor.voices", { label })}</h3>
      <ul>
        {voices.map((v) => (
          <li key={v.proposal_id}>
            「{v.text}」<span className="small">（{t("drafts:editor.voiceOf", { id: v.proposal_id })}）</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function KpiList({ measure, label, content, onChange }: { measure: Measure; label: string; content: DraftContent; onChange: Change }) {
  const { t } = useTranslation();
  const kpis = measure.kpis ?? [];
  const field = (kpi: Kpi, index: number, name: KpiText, text: string, maxLength = 200) => {
    const id = `kpi-${measure.key}-${index}-${name}`;
    return (
      <div className={`kpi-card__field kpi-card__field--${name}`}>
        <label htmlFor={id}>{text}</label>
        <input
          id={id}
          className="input"
          maxLength={maxLength}
          value={kpi[name] ?? ""}
          onChange={(e) => onChange(updateKpi(content, measure.key, index, { [name]: e.target.value }))}
        />
      </div>
    );
  };
  return (
    <div className="kpis">
      <h3 className="kpis__title">{t("drafts:editor.kpis", { label })}</h3>
      {kpis.length > 0 && <p className="small">{t("drafts:editor.kpiHelp")}</p>}
      {kpis.map((kpi, i) => (
        <fieldset key={i} className="kpi-card">
          <legend>{t("drafts:editor.kpiLegend", { number: i + 1, label })}</legend>
          {field(kpi, i, "name", t("drafts:editor.kpiName"))}
          <div className="kpi-card__grid">
            {field(kpi, i, "unit", t("drafts:editor.kpiUnit"), 20)}
            {field(kpi, i, "baseline", t("drafts:editor.kpiBaseline"))}
            {field(kpi, i, "target", t("drafts:editor.kpiTarget"))}
            {field(kpi, i, "target_year", t("drafts:editor.kpiYear"), 20)}
          </div>
          {field(kpi, i, "source", t("drafts:editor.kpiSource"))}
          <div className="button-row">
            <label className="radio">
              <input
                type="checkbox"
                className="checkbox"
                checked={!!kpi.pending}
                onChange={(e) => onChange(updateKpi(content, measure.key, i, { pending: e.target.checked }))}
              />
              {t("drafts:editor.kpiPending")}
            </label>
            <button type="button" className="link-button" onClick={() => onChange(removeKpi(content, measure.key, i))}>
              {t("drafts:editor.remove")}
              <span className="visually-hidden">{t("drafts:editor.kpiNumber", { number: i + 1, label })}</span>
            </button>
          </div>
        </fieldset>
      ))}
      <button type="button" className="button button--small button--ghost" onClick={() => onChange(addKpi(content, measure.key, t("drafts:editor.newKpi")))}>
        {t("drafts:editor.addKpi", { label })}
      </button>
    </div>
  );
}

export function DraftTreeEditor({ content, themes, onChange }: { content: DraftContent; themes: Theme[]; onChange: Change }) {
  const { t } = useTranslation();
  const remove = (key: string, label: string) => {
    if (window.confirm(t("drafts:editor.confirmRemove", { label }))) onChange(removeNode(content, key));
  };
  return (
    <div className="draft-tree">
      <Field id="draft-doc-title" label={t("drafts:editor.docTitle")} required error={content.title.trim() ? undefined : t("drafts:editor.errors.title")}>
        {(props) => <input {...props} className="input" maxLength={200} value={content.title} onChange={(e) => onChange({ ...content, title: e.target.value })} />}
      </Field>
      <Field id="draft-preamble" label={t("drafts:editor.preamble")} hint={t("drafts:editor.bodyHint")}>
        {(props) => <textarea {...props} className="textarea" rows={4} value={content.preamble ?? ""} onChange={(e) => onChange({ ...content, preamble: e.target.value })} />}
      </Field>
      {(content.sections ?? []).map((goal, gi) => {
        const gl = numberLabel(gi);
        return (
          <details key={goal.key} className="draft-goal" open={gi === 0}>
            <summary>
              <span className="draft-goal__label">{t("drafts:editor.goalLabel", { label: gl })}</span> {goal.title}
            </summary>
            <NodeFields node={goal} level="goal" label={gl} content={content} themes={themes} onChange={onChange} />
            {(goal.measures ?? []).map((measure, mi) => {
              const ml = numberLabel(gi, mi);
              return (
                <details key={measure.key} className="draft-measure">
                  <summary className="draft-measure__title">
                    {t("drafts:editor.measureLabel", { label: ml })} {measure.title}
                    <span className="count"> {t("drafts:editor.measureCounts", { actions: measure.actions?.length ?? 0, kpis: measure.kpis?.length ?? 0 })}</span>
                  </summary>
                  <NodeFields node={measure} level="measure" label={ml} content={content} themes={themes} onChange={onChange} />
                  {(measure.actions ?? []).map((action, ai) => {
                    const al = numberLabel(gi, mi, ai);
                    return (
                      <div key={action.key} className="draft-action">
                        <NodeFields node={action} level="action" label={al} content={content} themes={themes} onChange={onChange} />
                        <button type="button" className="link-button" onClick={() => remove(action.key, `${t("drafts:editor.levels.action")} ${al}`)}>
                          {t("drafts:editor.removeItem", { label: `${t("drafts:editor.levels.action")} ${al}` })}
                        </button>
                      </div>
                    );
                  })}
                  <button type="button" className="button button--small button--ghost" onClick={() => onChange(addAction(content, measure.key, t("drafts:editor.newAction")))}>
                    {t("drafts:editor.addAction", { label: ml })}
                  </button>
                  <Voices voices={measure.voices ?? []} label={ml} />
                  <KpiList measure={measure} label={ml} content={content} onChange={onChange} />
                  <button type="button" className="link-button" onClick={() => remove(measure.key, t("drafts:editor.measureLabel", { label: ml }))}>
                    {t("drafts:editor.removeItem", { label: t("drafts:editor.measureLabel", { label: ml }) })}
                  </button>
                </details>
              );
            })}
            <div className="button-row">
              <button type="button" className="button button--small button--ghost" onClick={() => onChange(addMeasure(content, goal.key, t("drafts:editor.newMeasure")))}>
                {t("drafts:editor.addMeasure", { label: gl })}
              </button>
              <button type="button" className="link-button" onClick={() => remove(goal.key, t("drafts:editor.goalLabel", { label: gl }))}>
                {t("drafts:editor.removeItem", { label: t("drafts:editor.goalLabel", { label: gl }) })}
              </button>
            </div>
          </details>
        );
      })}
      <button type="button" className="button button--secondary" onClick={() => onChange(addGoal(content, t("drafts:editor.newGoal")))}>
        {t("drafts:editor.addGoal")}
      </button>
    </div>
  );
}
