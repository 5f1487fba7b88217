/** Planner dashboard: activity (new proposals, unanswered, reports, runs), processes with a phase switcher. */
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useProcesses } from "../../../shared/api/queries";
import { PHASES, type Phase, type Process } from "../../../shared/api/types";
import { ErrorMessage, LiveMessage, Loading } from "../../../shared/components/Feedback";
import { planning } from "../../../shared/api/planEndpoints";
import type { Approval } from "../../../shared/api/planTypes";
import { ApprovalBadge, SubmitForApproval } from "../../approvals/components/SubmitForApproval";
import { processTitle } from "../../../shared/components/format";
import { usePageTitle } from "../../../shared/layout/usePageTitle";
import "../../offline/i18n/votes";
import { ActivityPanel } from "../components/ActivityPanel";
import "../i18n";
import { TableRegion } from "../../../shared/components/TableRegion";

/** A phase change is submitted for approval (決裁); it happens when a second staff member approves it. */
function PhaseSwitcher({ process, pending, onChanged }: { process: Process; pending?: Approval; onChanged: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const [phase, setPhase] = useState<Phase>(pending ? (pending.target as Phase) : process.phase);
  const title = processTitle(process, i18n.language);
  const id = `phase-${process.id}`;
  return (
    <div className="inline-form">
      <label htmlFor={id} className="visually-hidden">
        {t("dashboard:newPhase", { title })}
      </label>
      <select id={id} className="select select--small" value={phase} onChange={(e) => setPhase(e.target.value as Phase)}>
        {PHASES.map((value) => (
          <option key={value} value={value}>
            {t(`phases.${value}`)}
          </option>
        ))}
      </select>
      <SubmitForApproval
        processId={process.id}
        objectType="phase"
        objectId={process.id}
        target={phase}
        disabled={phase === process.phase}
        context={t("dashboard:newPhase", { title })}
        onSubmitted={onChanged}
      />
      <ApprovalBadge approval={pending} />
    </div>
  );
}

export default function PlannerDashboard() {
  const { t, i18n } = useTranslation();
  usePageTitle(t("dashboard:title"));
  const processes = useProcesses();
  const approvals = useQuery({ queryKey: ["approvals", "all", "submitted"], queryFn: () => planning.approvals({ status: "submitted" }) });
  const pendingPhase = (processId: number) => approvals.data?.find((a) => a.object_type === "phase" && a.process_id === processId);
  const [message, setMessage] = useState<string>();

  return (
    <>
      <h1>{t("dashboard:title")}</h1>
      <p>{t("dashboard:intro")}</p>
      <LiveMessage message={message} />
      <p className="link-row">
        <span>{t("dashboard:links")}:</span> <Link to="/planner/proxy">{t("nav.proxy")}</Link>{" "}
        <Link to="/planner/workshop">{t("nav.workshop")}</Link>{" "}
        <Link to="/planner/import">{t("dashboard:importPast")}</Link>{" "}
        <Link to="/planner/offline-votes">{t("offline:title")}</Link>{" "}
        <Link to="/planner/verification">{t("nav.verification")}</Link>{" "}
        <Link to="/council">{t("nav.council")}</Link>{" "}
        <Link to="/planner/approvals">
          {t("planNav:approvals")} ({approvals.data?.length ?? "…"})
        </Link>
      </p>
      <ActivityPanel processes={processes.data} />
      <h2>{t("shared:planner.processes")}</h2>
      {processes.isPending && <Loading />}
      {processes.isError && <ErrorMessage error={processes.error} onRetry={() => void processes.refetch()} />}
      {processes.data && (
        <TableRegion label={t("shared:planner.processes")}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("shared:planner.process")}</th>
                <th scope="col">{t("shared:planner.phase")}</th>
                <th scope="col" className="num">
                  {t("shared:planner.proposals")}
                </th>
                <th scope="col">{t("dashboard:changePhase")}</th>
              </tr>
            </thead>
            <tbody>
              {processes.data.map((p) => (
                <tr key={p.id}>
                  <th scope="row">
                    <Link to={`/processes/${p.id}`}>{processTitle(p, i18n.language)}</Link>
                  </th>
                  <td>
                    <span className={`phase-tag phase-tag--${p.phase}`}>{t(`phases.${p.phase}`)}</span>
                  </td>
                  <td className="num">{p.proposal_count}</td>
                  <td>
                    <PhaseSwitcher key={`${p.phase}-${pendingPhase(p.id)?.id}`} process={p} pending={pendingPhase(p.id)} onChanged={setMessage} />
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
