/** Council dashboard (placeholder): processes with proposal counts; charts come with a later API. */
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useProcesses } from "../../../shared/api/queries";
import { ErrorMessage, Loading } from "../../../shared/components/Feedback";
import { processTitle } from "../../../shared/components/format";
import { usePageTitle } from "../../../shared/layout/usePageTitle";
import CouncilStats from "../components/CouncilStats";
import "../i18n";
import { TableRegion } from "../../../shared/components/TableRegion";

export default function CouncilDashboard() {
  const { t, i18n } = useTranslation();
  usePageTitle(t("council:title"));
  const processes = useProcesses();
  const max = Math.max(1, ...(processes.data?.map((p) => p.proposal_count) ?? [1]));
  const total = processes.data?.reduce((sum, p) => sum + p.proposal_count, 0) ?? 0;
  return (
    <>
      <h1>{t("council:title")}</h1>
      <p>{t("council:intro")}</p>
      {processes.isPending && <Loading />}
      {processes.isError && <ErrorMessage error={processes.error} onRetry={() => void processes.refetch()} />}
      {processes.data && (
        <>
          <div className="stat-row">
            <div className="stat">
              <p className="stat__label">{t("council:total")}</p>
              <p className="stat__value">{total}</p>
            </div>
          </div>
          <TableRegion label={t("shared:planner.processes")}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("shared:planner.process")}</th>
                  <th scope="col">{t("shared:planner.phase")}</th>
                  <th scope="col" className="num">
                    {t("shared:planner.proposals")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {processes.data.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">
                      <Link to={`/processes/${p.id}`}>{processTitle(p, i18n.language)}</Link>
                    </th>
                    <td>{t(`phases.${p.phase}`)}</td>
                    <td className="num">
                      <span className="bar" aria-hidden="true" style={{ inlineSize: `${(p.proposal_count / max) * 6}rem` }} />
                      {p.proposal_count}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
          <CouncilStats processes={processes.data} />
        </>
      )}
    </>
  );
}
