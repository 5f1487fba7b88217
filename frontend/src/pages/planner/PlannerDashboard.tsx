/** Planner dashboard: activity (new proposals, unanswered, reports, runs), processes with a phase switcher. */
import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { endpoints } from "../../api/endpoints";
import { useProcesses } from "../../api/queries";
import { PHASES, type Phase, type Process } from "../../api/types";
import { ErrorMessage, LiveMessage, Loading } from "../../components/Feedback";
import { processTitle } from "../../components/format";
import { usePageTitle } from "../../components/usePageTitle";
import { ActivityPanel } from "./ActivityPanel";

function PhaseSwitcher({ process, onChanged }: { process: Process; onChanged: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [phase, setPhase] = useState<Phase>(process.phase);
  const title = processTitle(process, i18n.language);
  const change = useMutation({
    mutationFn: () => endpoints.changePhase(process.id, phase),
    onSuccess: (updated) => {
      void client.invalidateQueries({ queryKey: ["processes"] });
      client.setQueryData(["process", updated.id], updated);
      onChanged(t("planner.changed", { title, phase: t(`phases.${updated.phase}`) }));
    },
  });
  const id = `phase-${process.id}`;
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        change.mutate();
      }}
    >
      <label htmlFor={id} className="visually-hidden">
        {t("planner.newPhase", { title })}
      </label>
      <select id={id} className="select select--small" value={phase} onChange={(e) => setPhase(e.target.value as Phase)}>
        {PHASES.map((value) => (
          <option key={value} value={value}>
            {t(`phases.${value}`)}
          </option>
        ))}
      </select>
      <button
        type="submit"
        className="button button--small button--secondary"
        disabled={change.isPending || phase === process.phase}
      >
        {change.isPending ? t("planner.changing") : t("planner.apply")}
      </button>
      {change.isError && <ErrorMessage error={change.error} />}
    </form>
  );
}

export default function PlannerDashboard() {
  const { t, i18n } = useTranslation();
  usePageTitle(t("planner.title"));
  const processes = useProcesses();
  const [message, setMessage] = useState<string>();

  return (
    <>
      <h1>{t("planner.title")}</h1>
      <p>{t("planner.intro")}</p>
      <LiveMessage message={message} />
      <p className="link-row">
        <span>{t("planner.links")}:</span> <Link to="/planner/proxy">{t("nav.proxy")}</Link>{" "}
        <Link to="/council">{t("nav.council")}</Link>
      </p>
      <ActivityPanel processes={processes.data} />
      <h2>{t("planner.processes")}</h2>
      {processes.isPending && <Loading />}
      {processes.isError && <ErrorMessage error={processes.error} onRetry={() => void processes.refetch()} />}
      {processes.data && (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t("planner.processes")}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("planner.process")}</th>
                <th scope="col">{t("planner.phase")}</th>
                <th scope="col" className="num">
                  {t("planner.proposals")}
                </th>
                <th scope="col">{t("planner.changePhase")}</th>
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
                    <PhaseSwitcher key={p.phase} process={p} onChanged={setMessage} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
