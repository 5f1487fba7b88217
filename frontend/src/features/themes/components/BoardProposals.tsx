/** The proposals on the board (filtered by the chosen theme): select some, move or exclude them. */
import { useMemo, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Field } from "../../../shared/components/Field";
import type { MapPoint, Theme, ThemeEdit } from "../../../shared/api/planTypes";
import type { ThemeStyle } from "../palette";
import { MarkerIcon } from "./ThemeMap";
import "../i18n";

const PAGE = 50;

interface Props {
  points: MapPoint[];
  themes: Theme[];
  styles: Map<string, ThemeStyle>;
  selectedTheme: string | null;
  highlighted: number | null;
  pending: boolean;
  onEdit: (edit: ThemeEdit, message: string) => void;
}

export function BoardProposals({ points, themes, styles, selectedTheme, highlighted, pending, onEdit }: Props) {
  const { t } = useTranslation();
  const [query, setQuery] = useState("");
  const [limit, setLimit] = useState(PAGE);
  const [selected, setSelected] = useState<number[]>([]);
  const [target, setTarget] = useState("");
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<Partial<Record<"move" | "reason" | "selection", string>>>({});
  const titles = useMemo(() => new Map(themes.map((th) => [th.key, th.title])), [themes]);

  const list = useMemo(() => {
    const q = query.trim().toLowerCase();
    const filtered = points.filter(
      (p) => (!selectedTheme || p.theme_key === selectedTheme) && (!q || p.title.toLowerCase().includes(q)),
    );
    // The proposal clicked on the map comes first.
    return highlighted ? [...filtered].sort((a, b) => Number(b.proposal_id === highlighted) - Number(a.proposal_id === highlighted)) : filtered;
  }, [points, selectedTheme, query, highlighted]);

  const toggle = (id: number, on: boolean) => setSelected((s) => (on ? [...s, id] : s.filter((x) => x !== id)));
  const needSelection = () => {
    if (selected.length > 0) return false;
    setErrors({ selection: t("themes:board.errors.selection") });
    document.getElementById("board-selection")?.focus();
    return true;
  };
  const move = (e: FormEvent) => {
    e.preventDefault();
    if (needSelection()) return;
    if (!target) {
      setErrors({ move: t("themes:board.errors.moveTarget") });
      document.getElementById("board-move")?.focus();
      return;
    }
    setErrors({});
    onEdit(
      { type: "move", proposal_ids: selected, theme_key: target },
      t("themes:board.moved", { count: selected.length, title: titles.get(target) ?? target }),
    );
    setSelected([]);
  };
  const exclude = (e: FormEvent) => {
    e.preventDefault();
    if (needSelection()) return;
    if (!reason.trim()) {
      setErrors({ reason: t("themes:board.errors.reason") });
      document.getElementById("board-reason")?.focus();
      return;
    }
    setErrors({});
    onEdit({ type: "exclude", proposal_ids: selected, reason: reason.trim() }, t("themes:board.excluded", { count: selected.length }));
    setSelected([]);
    setReason("");
  };

  return (
    <section aria-labelledby="board-proposals" className="panel board-proposals">
      <h2 id="board-proposals">
        {t("themes:board.proposals")}{" "}
        <span className="count">
          ({selectedTheme ? t("themes:board.inTheme", { title: titles.get(selectedTheme) ?? selectedTheme }) : t("themes:board.all")}
          {" · "}
          {t("themes:board.size", { count: list.length })})
        </span>
      </h2>
      <div className="field">
        <label htmlFor="board-search" className="field__label">
          {t("themes:board.search")}
        </label>
        <input id="board-search" type="search" className="input" value={query} onChange={(e) => setQuery(e.target.value)} />
      </div>
      <div
        id="board-selection"
        tabIndex={-1}
        className="board-proposals__list"
        role="group"
        aria-label={t("themes:board.selectLabel")}
        aria-describedby={errors.selection ? "board-selection-error" : undefined}
      >
        {errors.selection && (
          <p id="board-selection-error" className="field__error">
            {errors.selection}
          </p>
        )}
        <ul className="plain-list">
          {list.slice(0, limit).map((p) => {
            const style = styles.get(p.theme_key);
            return (
              <li key={p.proposal_id} className={p.proposal_id === highlighted ? "board-item board-item--highlight" : "board-item"}>
                <input
                  type="checkbox"
                  className="checkbox"
                  id={`pick-${p.proposal_id}`}
                  checked={selected.includes(p.proposal_id)}
                  onChange={(e) => toggle(p.proposal_id, e.target.checked)}
                />
                <label htmlFor={`pick-${p.proposal_id}`} className="board-item__label">
                  {style && <MarkerIcon style={style} size={14} />}
                  <span className="visually-hidden">{t("themes:board.select")}</span>
                  {p.title}
                </label>
                <span className="small board-item__meta">
                  {style?.number}. {titles.get(p.theme_key)} ·{" "}
                  <Link to={`/proposals/${p.proposal_id}`}>
                    {t("themes:board.open")}
                    <span className="visually-hidden">: {p.title}</span>
                  </Link>
                </span>
              </li>
            );
          })}
        </ul>
        {list.length > limit && (
          <button type="button" className="button button--small button--ghost" onClick={() => setLimit((l) => l + PAGE)}>
            {t("common.more")}
          </button>
        )}
      </div>
      <p className="small" aria-live="polite">
        {t("themes:board.selected", { count: selected.length })}
      </p>
      <form onSubmit={move} noValidate className="board-action">
        <Field id="board-move" label={t("themes:board.moveTo")} error={errors.move} required>
          {(props) => (
            <select {...props} className="select" value={target} onChange={(e) => setTarget(e.target.value)}>
              <option value="">{t("shared:board.chooseTheme")}</option>
              {themes.map((th) => (
                <option key={th.key} value={th.key}>
                  {styles.get(th.key)?.number}. {th.title}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" className="button button--small button--secondary" disabled={pending}>
          {t("themes:board.move")}
        </button>
      </form>
      <form onSubmit={exclude} noValidate className="board-action">
        <Field id="board-reason" label={t("themes:board.excludeReason")} hint={t("themes:board.excludeHint")} error={errors.reason} required>
          {(props) => <input {...props} className="input" maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />}
        </Field>
        <button type="submit" className="button button--small button--secondary" disabled={pending}>
          {t("themes:board.exclude")}
        </button>
      </form>
    </section>
  );
}
