/** The planning steps of one process as a sub-navigation: analysis → themes → opinions → draft → responses. */
import { useTranslation } from "react-i18next";
import { Link, NavLink } from "react-router";
import { useProcess } from "../../../shared/api/queries";
import { processTitle } from "../../../shared/components/format";
import "../i18n/index";
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
        <Link to="/planner/plan">{t("plan:nav.planning")}</Link>
        {process.data && (
          <>
            {" / "}
            <span>{processTitle(process.data, i18n.language)}</span>
          </>
        )}
      </p>
      <nav aria-label={t("plan:nav.steps")} className="plan-steps">
        <ol className="plan-steps__list">
          <li>
            <NavLink to={`${base}/runs`} end>
              {t("plan:nav.runs")}
            </NavLink>
          </li>
          <li>
            {run ? (
              <NavLink to={`${base}/runs/${run}/themes`}>{t("plan:nav.themes")}</NavLink>
            ) : (
              <span className="plan-steps__disabled">{t("plan:nav.themes")}</span>
            )}
          </li>
          <li>
            {run ? (
              <NavLink to={`${base}/runs/${run}/opinions`}>{t("plan:nav.opinions")}</NavLink>
            ) : (
              <span className="plan-steps__disabled">{t("plan:nav.opinions")}</span>
            )}
          </li>
          <li>
            <NavLink to={`${base}/drafts`}>{t("plan:nav.drafts")}</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/responses`}>{t("plan:nav.responses")}</NavLink>
          </li>
        </ol>
      </nav>
    </>
  );
}
