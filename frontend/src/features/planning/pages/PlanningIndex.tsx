/** 計画づくり: pick a process, then go to its analysis, themes, draft or responses. */
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useProcesses } from "../../../shared/api/queries";
import { ErrorMessage, Loading } from "../../../shared/components/Feedback";
import { processTitle } from "../../../shared/components/format";
import { usePageTitle } from "../../../shared/layout/usePageTitle";
import "../i18n";
import "../plan.css";

export default function PlanningIndex() {
  const { t, i18n } = useTranslation();
  usePageTitle(t("planning:index.title"));
  const processes = useProcesses();
  return (
    <>
      <p className="breadcrumb">
        <Link to="/planner">{t("nav.planner")}</Link>
      </p>
      <h1>{t("planning:index.title")}</h1>
      <p>{t("planning:index.intro")}</p>
      {processes.isPending && <Loading />}
      {processes.isError && <ErrorMessage error={processes.error} onRetry={() => void processes.refetch()} />}
      <ul className="card-list">
        {processes.data?.map((p) => {
          const title = processTitle(p, i18n.language);
          return (
            <li key={p.id} className="card">
              <h2 className="card__title">{title}</h2>
              <p className="card__meta">
                <span className={`phase-tag phase-tag--${p.phase}`}>{t(`phases.${p.phase}`)}</span>
                <span>{t("planning:index.proposals", { count: p.proposal_count })}</span>
              </p>
              <ul className="link-row" aria-label={t("planning:index.linksFor", { title })}>
                <li>
                  <Link to={`/planner/plan/${p.id}/runs`}>{t("shared:nav.runs")}</Link>
                </li>
                <li>
                  <Link to={`/planner/plan/${p.id}/drafts`}>{t("planning:nav.drafts")}</Link>
                </li>
                <li>
                  <Link to={`/planner/plan/${p.id}/responses`}>{t("planning:nav.responses")}</Link>
                </li>
              </ul>
            </li>
          );
        })}
      </ul>
    </>
  );
}
