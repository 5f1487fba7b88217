/** The planners' dashboard figures: what waits for staff, new proposals per day, latest runs. */
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Process } from "../../../shared/api/types";
import { ErrorMessage, Loading } from "../../../shared/components/Feedback";
import { formatDateTime, locale, processTitle } from "../../../shared/components/format";
import { planning } from "../../../shared/api/planEndpoints";
import type { StaffActivity } from "../../../shared/api/planTypes";
import "../i18n";
import "../../planning/plan.css";
import "../i18n";
import { TableRegion } from "../../../shared/components/TableRegion";

function DayTable({ days }: { days: StaffActivity["new_proposals"] }) {
  const { t, i18n } = useTranslation();
  const most = Math.max(1, ...days.map((d) => d.proposals));
  const dayName = new Intl.DateTimeFormat(locale(i18n.language), { month: "numeric", day: "numeric", weekday: "short" });
  return (
    <TableRegion labelledBy="activity-days">
      <table className="table">
        <caption id="activity-days" className="table-caption">
          {t("dashboard:newPerDay")}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t("dashboard:day")}</th>
            <th scope="col">{t("dashboard:newProposals")}</th>
          </tr>
        </thead>
        <tbody>
          {[...days].reverse().map((d) => (
            <tr key={d.day}>
              <th scope="row">{dayName.format(new Date(`${d.day}T00:00:00`))}</th>
              <td>
                <span className="bar" style={{ inlineSize: `${(d.proposals / most) * 10}rem` }} aria-hidden="true" />
                {t("dashboard:count", { count: d.proposals })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

export function ActivityPanel({ processes }: { processes: Process[] | undefined }) {
  const { t, i18n } = useTranslation();
  const activity = useQuery({ queryKey: ["stats", "activity"], queryFn: planning.activity });
  if (activity.isPending) return <Loading />;
  if (activity.isError) return <ErrorMessage error={activity.error} onRetry={() => void activity.refetch()} />;
  const a = activity.data;
  const titleOf = (id: number) => {
    const process = processes?.find((p) => p.id === id);
    return process ? processTitle(process, i18n.language) : `#${id}`;
  };

  return (
    <section aria-labelledby="activity-title">
      <h2 id="activity-title">{t("dashboard:activity")}</h2>
      <div className="stat-row">
        <div className="stat">
          <p className="stat__label">{t("dashboard:unanswered")}</p>
          <p className="stat__value">{t("dashboard:count", { count: a.unanswered_proposals })}</p>
          <Link to="/planner/plan">{t("dashboard:toResponses")}</Link>
        </div>
        <div className="stat">
          <p className="stat__label">{t("dashboard:openReports")}</p>
          <p className="stat__value">{t("dashboard:count", { count: a.open_reports })}</p>
          <Link to="/planner/moderation">{t("nav.moderation")}</Link>
        </div>
        <div className="stat">
          <p className="stat__label">{t("dashboard:recentRuns")}</p>
          {a.recent_runs.length === 0 ? (
            <p>{t("dashboard:noRuns")}</p>
          ) : (
            <ul className="plain-list">
              {a.recent_runs.map((run) => (
                <li key={run.id}>
                  <Link to={`/planner/plan/${run.process_id}/runs`}>{titleOf(run.process_id)}</Link>{" "}
                  {t(`shared:runs.status.${run.status}`)}{" "}
                  <span className="small">{formatDateTime(run.finished_at ?? run.created_at, i18n.language)}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      <DayTable days={a.new_proposals} />
    </section>
  );
}
