/** A run being analysed: stage, percent, cancel; polls while queued or running. */
import { useEffect, useRef, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ErrorMessage } from "../../../shared/components/Feedback";
import { planning } from "../../../shared/api/planEndpoints";
import type { Run } from "../../../shared/api/planTypes";
import { StateBadge, jobTone } from "../../../shared/components/StateBadge";
import { isActive, POLL_MS } from "../usePlanning";
import "../i18n";

export const stageLabel = (t: (key: string) => string, stage: string) => {
  const known = ["queued", "loading", "prepare", "opinions", "duplicates", "segment", "embed", "cluster", "label", "map", "assemble", "done", "failed", "cancelled"];
  return known.includes(stage) ? t(`planning:runs.stages.${stage}`) : stage;
};

export function RunProgress({ initial }: { initial: Run }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const run = useQuery({
    queryKey: ["analysis-run", initial.id],
    queryFn: () => planning.run(initial.id),
    initialData: initial,
    refetchInterval: (query) => (query.state.data && isActive(query.state.data) ? POLL_MS : false),
  });
  const data = run.data ?? initial;
  const cancel = useMutation({
    mutationFn: () => planning.cancelRun(initial.id),
    onSuccess: (updated) => client.setQueryData(["analysis-run", initial.id], updated),
  });
  // Announce stage changes (not every percent) so screen readers are not flooded.
  const [announcement, setAnnouncement] = useState("");
  const lastStage = useRef("");
  useEffect(() => {
    const key = `${data.status}:${data.stage}`;
    if (key === lastStage.current) return;
    lastStage.current = key;
    setAnnouncement(
      data.status === "succeeded"
        ? t("planning:runs.finished", { id: data.id })
        : data.status === "failed"
          ? t("planning:runs.failedShort", { id: data.id })
          : t("planning:runs.stageNow", { stage: stageLabel(t, data.stage) }),
    );
    if (!isActive(data)) void client.invalidateQueries({ queryKey: ["analysis-runs", data.process_id] });
  }, [data, t, client]);

  const labelId = `run-${data.id}-progress-label`;
  return (
    <section className="panel panel--accent run-progress" aria-labelledby={`run-${data.id}-title`}>
      <h2 id={`run-${data.id}-title`}>{t("shared:runs.runTitle", { id: data.id })}</h2>
      <p>
        <StateBadge tone={jobTone(data.status)}>{t(`shared:runs.status.${data.status}`)}</StateBadge>{" "}
        {isActive(data) && stageLabel(t, data.stage)}
      </p>
      {isActive(data) && (
        <>
          <p id={labelId} className="small">
            {t("shared:runs.progressLabel", { percent: data.progress })}
          </p>
          <progress className="progress" max={100} value={data.progress} aria-labelledby={labelId} />
          <p>
            <button
              type="button"
              className="button button--small button--secondary"
              onClick={() => cancel.mutate()}
              disabled={cancel.isPending}
            >
              {t("planning:runs.cancel")}
            </button>
          </p>
        </>
      )}
      {data.status === "failed" && (
        <div className="notice notice--error">
          <p>{t("planning:runs.failed")}</p>
          {data.error && (
            <details>
              <summary>{t("shared:runs.technical")}</summary>
              <p className="small break">{data.error}</p>
            </details>
          )}
        </div>
      )}
      {data.status === "succeeded" && (
        <p>
          <Link className="button button--primary" to={`/planner/plan/${data.process_id}/runs/${data.id}/themes`}>
            {t("planning:runs.reviewThemes")}
          </Link>
        </p>
      )}
      {run.isError && <ErrorMessage error={run.error} onRetry={() => void run.refetch()} />}
      {cancel.isError && <ErrorMessage error={cancel.error} />}
      <div role="status" aria-live="polite" className="visually-hidden">
        {announcement}
      </div>
    </section>
  );
}
