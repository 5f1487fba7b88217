/**
 * 回答の作業一覧: the proposals, themes and draft comments still to answer (or answered), filtered
 * by kind, state, theme and words, with the progress in words and as a bar. Each row opens the
 * answer form on its item; a theme's unanswered proposals can be answered at once and its
 * responses submitted for approval (決裁) as one.
 */
import { useState, type FormEvent } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { MoreButton, useCursorPages } from "../../../shared/components/CursorPages";
import { ErrorMessage, Loading } from "../../../shared/components/Feedback";
import { FilterSelect } from "../../../shared/components/FilterSelect";
import { planning } from "../../../shared/api/planEndpoints";
import type { KindProgress, Theme, WorkKind, WorklistItem, WorkState } from "../../../shared/api/planTypes";
import { ApprovalBadge, SubmitForApproval } from "../../approvals/components/SubmitForApproval";
import { latestApproval, useProcessApprovals } from "../../approvals/useApprovals";
import "../i18n";
import { BulkAnswer } from "./BulkAnswer";
import { StatusBadge } from "./StatusBadge";
import { percentAnswered } from "../worklistModel";
import { TableRegion } from "../../../shared/components/TableRegion";

const KINDS: WorkKind[] = ["proposal", "theme", "comment"];
const STATES: WorkState[] = ["unanswered", "answered", "all"];
const PAGE = 50;

function ProgressLine({ label, progress }: { label: string; progress: KindProgress }) {
  const { t } = useTranslation();
  const text = t("responses:worklist.progress", { answered: progress.answered, count: progress.total, percent: percentAnswered(progress) });
  return (
    <div className="worklist-progress">
      <p>
        <strong>{label}</strong> {text}
      </p>
      <progress className="progress" max={Math.max(progress.total, 1)} value={progress.answered} aria-label={`${label} ${text}`} />
    </div>
  );
}

function flatThemes(themes: Theme[]): { key: string; title: string; sub: boolean }[] {
  return themes.flatMap((th) => [{ key: th.key, title: th.title, sub: false }, ...(th.subthemes ?? []).map((s) => ({ key: s.key, title: s.title, sub: true }))]);
}

interface Props {
  processId: number;
  onAnswer: (item: WorklistItem) => void;
  onMessage: (message: string) => void;
}

export function Worklist({ processId, onAnswer, onMessage }: Props) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<WorkKind>("proposal");
  const [state, setState] = useState<WorkState>("unanswered");
  const [theme, setTheme] = useState("");
  const [words, setWords] = useState("");
  const [q, setQ] = useState("");
  const query = { kind, state, theme: kind === "comment" ? undefined : theme || undefined, q: q || undefined, limit: PAGE };
  const { pages, items } = useCursorPages(["worklist", processId, query], (cursor) => planning.worklist(processId, { ...query, cursor }));
  const first = pages.data?.pages[0];
  const runId = first?.run_id ?? null;
  const board = useQuery({ queryKey: ["board", runId], queryFn: () => planning.board(runId!), enabled: runId !== null });
  const themes = flatThemes(board.data?.themes ?? []);
  const themeTitle = themes.find((th) => th.key === theme)?.title ?? theme;
  // the theme's unanswered proposals, whatever the state filter shows
  const unansweredInTheme = useQuery({
    queryKey: ["worklist", processId, { kind: "proposal", state: "unanswered", theme, limit: 1 }],
    queryFn: () => planning.worklist(processId, { kind: "proposal", state: "unanswered", theme, limit: 1 }),
    enabled: !!theme && runId !== null,
  });

  const approvals = useProcessApprovals(processId);
  const themeApproval = runId !== null && theme ? latestApproval(approvals.data, "theme_responses", runId, theme) : undefined;

  const search = (e: FormEvent) => {
    e.preventDefault();
    setQ(words.trim());
  };

  return (
    <section className="panel worklist" aria-labelledby="worklist-title">
      <h2 id="worklist-title">{t("responses:worklist.title")}</h2>
      {first && (
        <div className="worklist-progress-group">
          <ProgressLine label={t("responses:worklist.overall")} progress={first.progress.overall} />
          <ul className="plain-list small">
            {KINDS.map((k) => (
              <li key={k}>
                {t(`responses:worklist.kind.${k}`)}：
                {t("responses:worklist.progress", { answered: first.progress[k].answered, count: first.progress[k].total, percent: percentAnswered(first.progress[k]) })}
              </li>
            ))}
          </ul>
        </div>
      )}
      <form className="filters" onSubmit={search} aria-label={t("responses:worklist.filters")}>
        <div className="filters__grid">
          <fieldset className="fieldset fieldset--inline">
            <legend>{t("responses:worklist.kindLabel")}</legend>
            {KINDS.map((k) => (
              <label key={k} className="radio">
                <input type="radio" name="worklist-kind" checked={kind === k} onChange={() => setKind(k)} />
                {t(`responses:worklist.kind.${k}`)}
              </label>
            ))}
          </fieldset>
          <FilterSelect
            id="worklist-state"
            label={t("responses:worklist.stateLabel")}
            value={state}
            onChange={(value) => setState(value as WorkState)}
            choices={STATES.map((s) => ({ value: s, label: t(`responses:worklist.state.${s}`) }))}
          />
          <FilterSelect
            id="worklist-theme"
            label={t("responses:worklist.themeLabel")}
            value={theme}
            disabled={kind === "comment" || themes.length === 0}
            onChange={setTheme}
            all={t("responses:worklist.allThemes")}
            choices={themes.map((th) => ({ value: th.key, label: th.sub ? `\u3000${th.title}` : th.title }))}
          />
          <div className="field">
            <label htmlFor="worklist-q" className="field__label">
              {t("responses:worklist.search")}
            </label>
            <div className="inline-form">
              <input id="worklist-q" className="input" type="search" maxLength={200} value={words} onChange={(e) => setWords(e.target.value)} />
              <button type="submit" className="button button--secondary">
                {t("responses:worklist.searchButton")}
              </button>
            </div>
          </div>
        </div>
      </form>
      {theme && runId !== null && kind === "proposal" && (
        <div className="button-row">
          <BulkAnswer processId={processId} runId={runId} themeKey={theme} themeTitle={themeTitle} count={unansweredInTheme.data?.matching ?? 0} onDone={onMessage} />
          <SubmitForApproval processId={processId} objectType="theme_responses" objectId={runId} target={theme} context={t("responses:worklist.bulk.approvalContext", { title: themeTitle })} onSubmitted={onMessage} />
          {themeApproval && themeApproval.status !== "approved" && <ApprovalBadge approval={themeApproval} />}
        </div>
      )}
      {pages.isPending && <Loading />}
      {pages.isError && <ErrorMessage error={pages.error} onRetry={() => void pages.refetch()} />}
      {first && (
        <p role="status" className="small">
          {t("responses:worklist.matching", { count: first.matching })}
        </p>
      )}
      {first && items.length === 0 && <p className="empty">{t("responses:worklist.none")}</p>}
      {items.length > 0 && (
        <TableRegion label={t("responses:worklist.tableLabel")}>
          <table className="table table--compact worklist-table">
            <thead>
              <tr>
                <th scope="col">{t("responses:target")}</th>
                <th scope="col">{kind === "comment" ? t("responses:worklist.section") : t("responses:worklist.themeLabel")}</th>
                {kind === "proposal" && <th scope="col">{t("responses:worklist.votes")}</th>}
                <th scope="col">{t("shared:responses.status")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("responses:worklist.answer")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.target_key}>
                  <th scope="row">
                    {item.kind === "proposal" && <span className="small block">{t("shared:board.proposalNumber", { id: item.id })}</span>}
                    {item.title}
                  </th>
                  <td>{item.theme_title ?? "—"}</td>
                  {kind === "proposal" && <td>{t("responses:worklist.agreeDisagree", { agree: item.agree ?? 0, disagree: item.disagree ?? 0 })}</td>}
                  <td>
                    {item.response ? (
                      <>
                        <StatusBadge status={item.response.status} />
                        <span className="small block">{item.response.published ? t("responses:approval.published") : t("responses:approval.notPublished")}</span>
                      </>
                    ) : (
                      t("responses:worklist.unanswered")
                    )}
                  </td>
                  <td>
                    <button type="button" className="button button--small button--secondary" onClick={() => onAnswer(item)}>
                      {item.response ? t("responses:worklist.edit") : t("responses:worklist.answer")}
                      <span className="visually-hidden">: {item.title}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      <MoreButton pages={pages} />
    </section>
  );
}
