/** The planning steps of one process as a sub-navigation: analysis → themes → opinions → draft → responses. */
import { useTranslation } from "react-i18next";
import { Link, NavLink } from "react-router";
import { useProcess } from "../../../shared/api/queries";
import { processTitle } from "../../../shared/components/format";
import "../i18n";
import { latestSucceeded, useRuns } from "../usePlanning";

export function PlanningNav({ processId, runId }: { processId: number; runId?: number }) {
  const { t, i18n } = useTranslation();
  const process = useProcess(processId);
  const runs = useRuns(processId);
  const run = runId ?? latestSucceeded(runs.data)?.id;
  const base = `/planner/plan/${processId}`;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/planner">{t("nav.planner")}</Link>
        {" / "}
        <Link to="/planner/plan">{t("planning:nav.planning")}</Link>
        {process.data && (
          <>
            {" / "}
            <span>{processTitle(process.data, i18n.language)}</span>
          </>
        )}
      </p>
      <nav aria-label={t("planning:nav.steps")} className="plan-steps">
        <ol className="plan-steps__list">
          <li>
            <NavLink to={`${base}/runs`} end>
              {t("shared:nav.runs")}
            </NavLink>
          </li>
          <li>
            {run ? (
              <NavLink to={`${base}/runs/${run}/themes`}>{t("planning:nav.themes")}</NavLink>
            ) : (
              <span className="plan-steps__disabled">{t("planning:nav.themes")}</span>
            )}
          </li>
          <li>
            {run ? (
              <NavLink to={`${base}/runs/${run}/opinions`}>{t("planning:nav.opinions")}</NavLink>
            ) : (
              <span className="plan-steps__disabled">{t("planning:nav.opinions")}</span>
            )}
          </li>
          <li>
            <NavLink to={`${base}/drafts`}>{t("planning:nav.drafts")}</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/responses`}>{t("planning:nav.responses")}</NavLink>
          </li>
        </ol>
      </nav>
    </>
  );
}
