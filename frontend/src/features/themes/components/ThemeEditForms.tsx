/** The edits a planner makes on one theme: rename, summary, merge others into it, split it. */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Field } from "../../../shared/components/Field";
import type { Theme, ThemeEdit } from "../../../shared/api/planTypes";
import "../i18n";

interface Props {
  theme: Theme;
  others: Theme[];
  pending: boolean;
  onEdit: (edit: ThemeEdit, message: string) => void;
}

export function ThemeEditForms({ theme, others, pending, onEdit }: Props) {
  const { t } = useTranslation();
  const id = `edit-${theme.key.replace(/\W/g, "_")}`;
  const [title, setTitle] = useState(theme.title);
  const [summary, setSummary] = useState(theme.summary);
  const [sources, setSources] = useState<string[]>([]);
  const [n, setN] = useState("2");
  const [errors, setErrors] = useState<Partial<Record<"title" | "summary" | "merge" | "split", string>>>({});

  const fail = (field: keyof typeof errors, key: string) => {
    setErrors({ [field]: t(key) });
    document.getElementById(`${id}-${field}`)?.focus();
  };

  const rename = (e: FormEvent) => {
    e.preventDefault();
    const value = title.trim();
    if (!value || value.length > 120) return fail("title", "themes:board.errors.title");
    setErrors({});
    onEdit({ type: "rename", theme_key: theme.key, title: value }, t("themes:board.renamed", { title: value }));
  };
  const saveSummary = (e: FormEvent) => {
    e.preventDefault();
    if (summary.length > 4000) return fail("summary", "themes:board.errors.summary");
    setErrors({});
    onEdit({ type: "summary", theme_key: theme.key, summary }, t("themes:board.summarySaved", { title: theme.title }));
  };
  const merge = (e: FormEvent) => {
    e.preventDefault();
    if (sources.length === 0) return fail("merge", "themes:board.errors.merge");
    setErrors({});
    onEdit(
      { type: "merge", target_key: theme.key, source_keys: sources },
      t("themes:board.merged", { count: sources.length, title: theme.title }),
    );
    setSources([]);
  };
  const split = (e: FormEvent) => {
    e.preventDefault();
    const parts = Number(n);
    if (!/^\d+$/.test(n) || parts < 2 || parts > 10) return fail("split", "themes:board.errors.split");
    if (parts > theme.size) return fail("split", "themes:board.errors.splitTooMany");
    setErrors({});
    onEdit({ type: "split", theme_key: theme.key, n: parts }, t("themes:board.split", { title: theme.title, n: parts }));
  };

  return (
    <div className="theme-edit">
      <form onSubmit={rename} noValidate className="theme-edit__form">
        <Field id={`${id}-title`} label={t("themes:board.newTitle")} error={errors.title} required>
          {(props) => <input {...props} className="input" value={title} maxLength={120} onChange={(e) => setTitle(e.target.value)} />}
        </Field>
        <button type="submit" className="button button--small button--secondary" disabled={pending}>
          {t("themes:board.rename")}
        </button>
      </form>
      <form onSubmit={saveSummary} noValidate className="theme-edit__form">
        <Field id={`${id}-summary`} label={t("themes:board.summary")} hint={t("themes:board.summaryHint")} error={errors.summary}>
          {(props) => <textarea {...props} className="textarea" rows={3} value={summary} onChange={(e) => setSummary(e.target.value)} />}
        </Field>
        <button type="submit" className="button button--small button--secondary" disabled={pending}>
          {t("themes:board.saveSummary")}
        </button>
      </form>
      {others.length > 0 && (
        <form onSubmit={merge} noValidate className="theme-edit__form">
          <fieldset
            className="fieldset"
            id={`${id}-merge`}
            tabIndex={-1}
            aria-describedby={errors.merge ? `${id}-merge-error` : undefined}
          >
            <legend>{t("themes:board.mergeLegend", { title: theme.title })}</legend>
            {errors.merge && (
              <p id={`${id}-merge-error`} className="field__error">
                {errors.merge}
              </p>
            )}
            <ul className="check-list">
              {others.map((other) => (
                <li key={other.key}>
                  <label className="radio">
                    <input
                      type="checkbox"
                      className="checkbox"
                      checked={sources.includes(other.key)}
                      onChange={(e) =>
                        setSources((s) => (e.target.checked ? [...s, other.key] : s.filter((k) => k !== other.key)))
                      }
                    />
                    {other.title} <span className="count">({t("themes:board.size", { count: other.size })})</span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <button type="submit" className="button button--small button--secondary" disabled={pending}>
            {t("themes:board.merge")}
          </button>
        </form>
      )}
      <form onSubmit={split} noValidate className="theme-edit__form theme-edit__form--inline">
        <Field id={`${id}-split`} label={t("themes:board.splitInto")} hint={t("themes:board.splitHint")} error={errors.split}>
          {(props) => <input {...props} className="input input--short" inputMode="numeric" value={n} onChange={(e) => setN(e.target.value)} />}
        </Field>
        <button type="submit" className="button button--small button--secondary" disabled={pending}>
          {t("themes:board.splitButton")}
        </button>
      </form>
    </div>
  );
}
