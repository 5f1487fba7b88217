/** 分析: start a theme analysis, watch it run, and see earlier runs (retry, cancel, open). */
import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ErrorMessage, LiveMessage, Loading } from "../../../shared/components/Feedback";
import { formatDateTime } from "../../../shared/components/format";
import { usePageTitle } from "../../../shared/layout/usePageTitle";
import { planning } from "../../../shared/api/planEndpoints";
import { BACKENDS, type Run } from "../../../shared/api/planTypes";
import { PlanningNav } from "../components/PlanningNav";
import { isActive, usePlanningParams, useRuns } from "../usePlanning";
import "../i18n";
import "../plan.css";
import { presetOf } from "../presets";
import { RunProgress } from "../components/RunProgress";
import { RunStartForm } from "../components/RunStartForm";
import { TableRegion } from "../../../shared/components/TableRegion";
import { StateBadge, jobTone } from "../../../shared/components/StateBadge";

/** 「標準」 or 「高速・簡易」; which model ran, and with which seed, behind 「詳細」. */
function RunMethod({ run }: { run: Run }) {
  const { t } = useTranslation();
  const backend = run.backend ?? run.params.backend ?? "auto";
  const known = (BACKENDS as readonly string[]).includes(backend);
  return (
    <>
      {t(`planning:runs.presetShort.${presetOf(backend)}`)}
      <details className="run-method small">
        <summary>
          {t("planning:runs.details")}
          <span className="visually-hidden">{t("shared:runs.runTitle", { id: run.id })}</span>
        </summary>
        <p className="break">
          {known ? t(`planning:runs.backends.${backend}`) : backend}
          {run.model && <span className="block">{run.model}</span>}
          <span className="block">{t("planning:runs.seedValue", { seed: run.params.seed ?? 0 })}</span>
        </p>
      </details>
    </>
  );
}

function RunActions({ run, onMessage }: { run: Run; onMessage: (m: string) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const retry = useMutation({
    mutationFn: () => planning.retryRun(run.id),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ["analysis-runs", run.process_id] });
      onMessage(t("planning:runs.retried", { id: run.id }));
    },
  });
  const base = `/planner/plan/${run.process_id}/runs/${run.id}`;
  return (
    <div className="cell-actions">
      {run.status === "succeeded" && (
        <>
          <Link to={`${base}/themes`}>{t("planning:runs.openThemes")}</Link>
          <Link to={`${base}/opinions`}>{t("planning:runs.openOpinions")}</Link>
        </>
      )}
      {(run.status === "failed" || run.status === "cancelled") && (
        <button type="button" className="button button--small button--secondary" onClick={() => retry.mutate()} disabled={retry.isPending}>
          {t("planning:runs.retry")}
          <span className="visually-hidden">{t("shared:runs.runTitle", { id: run.id })}</span>
        </button>
      )}
      {retry.isError && <ErrorMessage error={retry.error} />}
    </div>
  );
}

export default function AnalysisRunsPage() {
  const { t, i18n } = useTranslation();
  const { processId } = usePlanningParams();
  usePageTitle(t("planning:runs.title"));
  const runs = useRuns(processId);
  const [started, setStarted] = useState<Run>();
  const [message, setMessage] = useState<string>();
  const active = runs.data?.find(isActive);
  const watched = started ?? active;
  const sorted = [...(runs.data ?? [])].sort((a, b) => b.id - a.id);

  return (
    <>
      <PlanningNav processId={processId} />
      <h1>{t("planning:runs.title")}</h1>
      <p>{t("planning:runs.intro")}</p>
      <LiveMessage message={message} />
      <div className="plan-grid">
        <RunStartForm processId={processId} onStarted={setStarted} />
        {watched ? (
          <RunProgress key={watched.id} initial={watched} />
        ) : (
          <section className="panel" aria-labelledby="no-active">
            <h2 id="no-active">{t("planning:runs.noActiveTitle")}</h2>
            <p>{t("planning:runs.noActive")}</p>
          </section>
        )}
      </div>
      <h2>{t("planning:runs.history")}</h2>
      {runs.isPending && <Loading />}
      {runs.isError && <ErrorMessage error={runs.error} onRetry={() => void runs.refetch()} />}
      {runs.data && sorted.length === 0 && <p className="empty">{t("planning:runs.none")}</p>}
      {sorted.length > 0 && (
        <TableRegion label={t("planning:runs.history")}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("planning:runs.colRun")}</th>
                <th scope="col">{t("planning:runs.colStatus")}</th>
                <th scope="col">{t("planning:runs.colMethod")}</th>
                <th scope="col" className="num">
                  {t("planning:runs.colThemes")}
                </th>
                <th scope="col">{t("planning:runs.colCreated")}</th>
                <th scope="col">{t("planning:runs.colActions")}</th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((run) => (
                <tr key={run.id}>
                  <th scope="row">
                    {t("shared:runs.runTitle", { id: run.id })}
                    {run.published_at && <span className="badge badge--current">{t("planning:runs.published")}</span>}
                  </th>
                  <td>
                    <StateBadge tone={jobTone(run.status)}>{t(`shared:runs.status.${run.status}`)}</StateBadge>
                    {isActive(run) && <span className="small"> {t("shared:runs.progressLabel", { percent: run.progress })}</span>}
                    {run.status === "failed" && <p className="small run-error">{t("planning:runs.failedCell")}</p>}
                  </td>
                  <td>
                    <RunMethod run={run} />
                  </td>
                  <td className="num">{run.metrics.n_themes ?? "—"}</td>
                  <td>{formatDateTime(run.created_at, i18n.language)}</td>
                  <td>
                    <RunActions run={run} onMessage={setMessage} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
    </>
  );
}
