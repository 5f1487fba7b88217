/** 素案: generate a draft from a finished analysis, open drafts, and move the process to feedback. */
import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { useProcess } from "../../../shared/api/queries";
import { ErrorMessage, LiveMessage, Loading } from "../../../shared/components/Feedback";
import { Field } from "../../../shared/components/Field";
import { formatDateTime } from "../../../shared/components/format";
import { usePageTitle } from "../../../shared/layout/usePageTitle";
import { planning } from "../../../shared/api/planEndpoints";
import { ApprovalBadge, SubmitForApproval } from "../../approvals/components/SubmitForApproval";
import { latestApproval, useProcessApprovals } from "../../approvals/useApprovals";
import { PlanningNav } from "../../planning/components/PlanningNav";
import { usePlanningParams, useRuns } from "../../planning/usePlanning";
import "../i18n";
import "../../planning/plan.css";

/** Publishing needs the draft or feedback phase; planners submit the move to feedback for approval (決裁). */
export function PhaseForDraft({ processId, onMessage }: { processId: number; onMessage: (m: string) => void }) {
  const { t } = useTranslation();
  const process = useProcess(processId);
  const approvals = useProcessApprovals(processId);
  if (!process.data) return null;
  const phase = process.data.phase;
  const pending = latestApproval(approvals.data, "phase", processId, "feedback");
  return (
    <div className="panel phase-panel">
      <p>
        {t("drafts:phaseNow")} <span className={`phase-tag phase-tag--${phase}`}>{t(`phases.${phase}`)}</span>
      </p>
      {phase !== "feedback" && (
        <>
          <p className="small">{t("drafts:phaseHelp")}</p>
          <SubmitForApproval processId={processId} objectType="phase" objectId={processId} target="feedback" context={t("drafts:toFeedback")} onSubmitted={onMessage} />{" "}
          {pending?.status !== "approved" && <ApprovalBadge approval={pending} />}
        </>
      )}
    </div>
  );
}

export default function DraftsPage() {
  const { t, i18n } = useTranslation();
  const { processId } = usePlanningParams();
  usePageTitle(t("drafts:title"));
  const navigate = useNavigate();
  const client = useQueryClient();
  const runs = useRuns(processId);
  const drafts = useQuery({ queryKey: ["drafts", processId], queryFn: () => planning.drafts(processId) });
  const succeeded = (runs.data ?? []).filter((r) => r.status === "succeeded").sort((a, b) => b.id - a.id);
  const [runId, setRunId] = useState("");
  const [title, setTitle] = useState("");
  const [error, setError] = useState<string>();
  const [message, setMessage] = useState<string>();
  const generate = useMutation({
    mutationFn: () => planning.generateDraft(processId, Number(runId || succeeded[0]?.id), title.trim() || undefined),
    onSuccess: (draft) => {
      void client.invalidateQueries({ queryKey: ["drafts", processId] });
      navigate(`/planner/plan/${processId}/drafts/${draft.id}`, { state: { generated: true } });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!runId && !succeeded[0]) {
      setError(t("drafts:errors.run"));
      document.getElementById("draft-run")?.focus();
      return;
    }
    setError(undefined);
    generate.mutate();
  };

  return (
    <>
      <PlanningNav processId={processId} />
      <h1>{t("drafts:title")}</h1>
      <p>{t("drafts:intro")}</p>
      <LiveMessage message={message} />
      <PhaseForDraft processId={processId} onMessage={setMessage} />
      <div className="plan-grid">
        <form className="panel plan-form" onSubmit={submit} noValidate aria-labelledby="generate-title">
          <h2 id="generate-title">{t("drafts:generateTitle")}</h2>
          {runs.data && succeeded.length === 0 ? (
            <p>
              {t("drafts:noRuns")} <Link to={`/planner/plan/${processId}/runs`}>{t("shared:nav.runs")}</Link>
            </p>
          ) : (
            <>
              <Field id="draft-run" label={t("drafts:run")} error={error} required>
                {(props) => (
                  <select {...props} className="select" value={runId || String(succeeded[0]?.id ?? "")} onChange={(e) => setRunId(e.target.value)}>
                    {succeeded.map((r) => (
                      <option key={r.id} value={r.id}>
                        {t("shared:runs.runTitle", { id: r.id })} — {formatDateTime(r.created_at, i18n.language)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field id="draft-title" label={t("drafts:draftTitle")} hint={t("drafts:draftTitleHint")}>
                {(props) => <input {...props} className="input" maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />}
              </Field>
              {generate.isError && <ErrorMessage error={generate.error} />}
              <button type="submit" className="button button--primary" disabled={generate.isPending}>
                {generate.isPending ? t("drafts:generating") : t("drafts:generate")}
              </button>
            </>
          )}
        </form>
        <section className="panel" aria-labelledby="drafts-list">
          <h2 id="drafts-list">{t("drafts:list")}</h2>
          {drafts.isPending && <Loading />}
          {drafts.isError && <ErrorMessage error={drafts.error} onRetry={() => void drafts.refetch()} />}
          {drafts.data?.length === 0 && <p className="empty">{t("drafts:none")}</p>}
          <ul className="plain-list">
            {[...(drafts.data ?? [])].reverse().map((d) => (
              <li key={d.id} className="draft-row">
                <Link to={`/planner/plan/${processId}/drafts/${d.id}`}>{d.content.title}</Link>
                <span className="small block">
                  {t("drafts:versionInfo", { version: d.current_version })}
                  {d.published_version
                    ? ` · ${t("drafts:publishedVersion", { version: d.published_version })}`
                    : ` · ${t("drafts:unpublished")}`}
                </span>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </>
  );
}
