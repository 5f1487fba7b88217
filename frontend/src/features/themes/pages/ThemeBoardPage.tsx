/** テーマの確認・編集: the theme map, the themes with their edit operations, and publication. */
import { useMemo, useState } from "react";
import { useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { endpoints } from "../../../shared/api/endpoints";
import { ErrorMessage, LiveMessage, Loading } from "../../../shared/components/Feedback";
import { usePageTitle } from "../../../shared/layout/usePageTitle";
import { planning } from "../../../shared/api/planEndpoints";
import { latestApproval, useProcessApprovals } from "../../approvals/useApprovals";
import type { MapPoint, Theme, ThemeBoard, ThemeEdit } from "../../../shared/api/planTypes";
import { PlanningNav } from "../../planning/components/PlanningNav";
import { usePlanningParams } from "../../planning/usePlanning";
import "../i18n";
import "../../planning/plan.css";
import { BoardProposals } from "../components/BoardProposals";
import { BoardPublishPanel } from "../components/BoardPublishPanel";
import { themeStyles, type ThemeStyle } from "../palette";
import { ThemeEditForms } from "../components/ThemeEditForms";
import { MarkerIcon, ThemeMap } from "../components/ThemeMap";
import { ThemeMapTable } from "../components/ThemeMapTable";
import { themeTitle } from "../themeTitle";


function ThemeCard({ theme, style, others, pending, onEdit }: { theme: Theme; style: ThemeStyle; others: Theme[]; pending: boolean; onEdit: (e: ThemeEdit, m: string) => void }) {
  const { t, i18n } = useTranslation();
  return (
    <li className="card theme-card">
      <h3 className="card__title theme-card__title">
        <MarkerIcon style={style} />
        <span>
          {style.number}. {themeTitle(theme, i18n.language)}
        </span>
      </h3>
      <p className="card__meta">
        <span>{t("themes:board.size", { count: theme.size })}</span>
        <span>{t("themes:board.support", { ...theme.support })}</span>
        {theme.is_other && <span className="badge">{t("themes:board.other")}</span>}
      </p>
      {theme.summary && <p>{theme.summary}</p>}
      {theme.keywords.length > 0 && (
        <ul className="tags" aria-label={t("themes:board.keywords")}>
          {theme.keywords.slice(0, 6).map((k) => (
            <li key={k.word} className="tag">
              {k.word}
            </li>
          ))}
        </ul>
      )}
      {(theme.subthemes?.length ?? 0) > 0 && (
        <details className="theme-card__subthemes">
          <summary>{t("themes:board.subthemes", { count: theme.subthemes!.length })}</summary>
          <ul>
            {theme.subthemes!.map((s) => (
              <li key={s.key}>
                {s.title} <span className="count">({t("themes:board.size", { count: s.size })})</span>
              </li>
            ))}
          </ul>
        </details>
      )}
      <details className="theme-card__edit">
        <summary>{t("themes:board.edit", { title: theme.title })}</summary>
        <ThemeEditForms key={`${theme.title}|${theme.summary}|${theme.size}`} theme={theme} others={others} pending={pending} onEdit={onEdit} />
      </details>
    </li>
  );
}

function Excluded({ board, pending, onEdit }: { board: ThemeBoard; pending: boolean; onEdit: (e: ThemeEdit, m: string) => void }) {
  const { t } = useTranslation();
  const proposals = useQueries({
    queries: board.excluded.map((x) => ({ queryKey: ["proposal", x.proposal_id], queryFn: () => endpoints.proposal(x.proposal_id) })),
  });
  if (board.excluded.length === 0) return null;
  return (
    <section aria-labelledby="excluded-title" className="panel">
      <h2 id="excluded-title">{t("themes:board.excludedTitle", { count: board.excluded.length })}</h2>
      <ul className="plain-list">
        {board.excluded.map((x, i) => {
          const title = proposals[i]?.data?.title ?? t("shared:board.proposalNumber", { id: x.proposal_id });
          return (
            <li key={x.proposal_id} className="board-item">
              <span>
                <Link to={`/proposals/${x.proposal_id}`}>{title}</Link>
                {x.reason && <span className="small block">{t("themes:board.reason", { reason: x.reason })}</span>}
              </span>
              <button
                type="button"
                className="button button--small button--ghost"
                disabled={pending}
                onClick={() => onEdit({ type: "include", proposal_ids: [x.proposal_id] }, t("themes:board.included", { title }))}
              >
                {t("themes:board.include")}
                <span className="visually-hidden">: {title}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export default function ThemeBoardPage() {
  const { t } = useTranslation();
  const { processId, runId } = usePlanningParams();
  const client = useQueryClient();
  usePageTitle(t("themes:board.title"));
  const board = useQuery({ queryKey: ["board", runId], queryFn: () => planning.board(runId!), enabled: !!runId });
  const [selectedTheme, setSelectedTheme] = useState<string | null>(null);
  const [highlighted, setHighlighted] = useState<number | null>(null);
  const [message, setMessage] = useState<string>();

  const edit = useMutation({
    mutationFn: ({ edit }: { edit: ThemeEdit; message: string }) => planning.editThemes(runId!, edit),
    onSuccess: (next, { message: done }) => {
      client.setQueryData(["board", runId], next); // residents see it only after the next approval
      if (selectedTheme && !next.themes.some((th) => th.key === selectedTheme)) setSelectedTheme(null);
      setMessage(done);
    },
  });
  // showing themes to residents needs an approval (決裁); hiding them again does not
  const unpublish = useMutation({
    mutationFn: () => planning.unpublishRun(runId!),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ["board", runId] });
      void client.invalidateQueries({ queryKey: ["analysis-runs", processId] });
      void client.invalidateQueries({ queryKey: ["public-themes", processId] });
      setMessage(t("themes:board.unpublishedMessage"));
    },
  });
  const approvals = useProcessApprovals(processId);
  const latest = latestApproval(approvals.data, "themes", runId!);
  const onEdit = (e: ThemeEdit, m: string) => edit.mutate({ edit: e, message: m });

  const themes = useMemo(() => board.data?.themes ?? [], [board.data]);
  const styles = useMemo(() => themeStyles(themes), [themes]);
  const selectTheme = (key: string | null, point?: MapPoint) => {
    setSelectedTheme((current) => (point ? key : current === key ? null : key));
    setHighlighted(point?.proposal_id ?? null);
    const title = themes.find((th) => th.key === key)?.title;
    setMessage(key && title ? t("themes:board.filtered", { title }) : t("themes:board.unfiltered"));
  };

  return (
    <>
      <PlanningNav processId={processId} runId={runId} />
      <h1>{t("themes:board.title")}</h1>
      <p>{t("themes:board.intro", { id: runId })}</p>
      <LiveMessage message={message} />
      {board.isPending && <Loading />}
      {board.isError && <ErrorMessage error={board.error} onRetry={() => void board.refetch()} />}
      {edit.isError && <ErrorMessage error={edit.error} />}
      {board.data && (
        <>
          <BoardPublishPanel
            board={board.data}
            processId={processId}
            latest={latest}
            unpublishing={unpublish.isPending}
            onUnpublish={() => unpublish.mutate()}
            onSubmitted={setMessage}
          />
          {unpublish.isError && <ErrorMessage error={unpublish.error} />}

          <section aria-labelledby="map-title">
            <h2 id="map-title">{t("themes:map.title")}</h2>
            <ul className="legend" aria-label={t("themes:map.legend")}>
              {themes.map((th) => {
                const style = styles.get(th.key)!;
                return (
                  <li key={th.key}>
                    <button
                      type="button"
                      className="legend__item"
                      aria-pressed={selectedTheme === th.key}
                      onClick={() => selectTheme(th.key)}
                    >
                      <MarkerIcon style={style} />
                      <span>
                        {style.number}. {th.title} <span className="count">({th.size})</span>
                      </span>
                    </button>
                  </li>
                );
              })}
              {selectedTheme && (
                <li>
                  <button type="button" className="button button--small button--ghost" onClick={() => selectTheme(null)}>
                    {t("themes:board.clearFilter")}
                  </button>
                </li>
              )}
            </ul>
            <ThemeMap points={board.data.points} themes={themes} styles={styles} selectedTheme={selectedTheme} onSelectTheme={selectTheme} />
            <ThemeMapTable points={board.data.points} themes={themes} styles={styles} selectedTheme={selectedTheme} />
          </section>

          <div className="board-columns">
            <section aria-labelledby="themes-title">
              <h2 id="themes-title">{t("themes:board.themes", { count: themes.length })}</h2>
              <ul className="card-list">
                {themes.map((th) => (
                  <ThemeCard
                    key={th.key}
                    theme={th}
                    style={styles.get(th.key)!}
                    others={themes.filter((o) => o.key !== th.key)}
                    pending={edit.isPending}
                    onEdit={onEdit}
                  />
                ))}
              </ul>
            </section>
            <div>
              <BoardProposals
                points={board.data.points}
                themes={themes}
                styles={styles}
                selectedTheme={selectedTheme}
                highlighted={highlighted}
                pending={edit.isPending}
                onEdit={onEdit}
              />
              <Excluded board={board.data} pending={edit.isPending} onEdit={onEdit} />
            </div>
          </div>
        </>
      )}
    </>
  );
}
