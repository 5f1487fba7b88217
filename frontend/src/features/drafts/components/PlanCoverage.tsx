/** How much of what residents said the draft traces (「意見 M 件のうち N 件を施策に反映」), and the
 * proposals it leaves out with the reason (計画に反映しなかった意見). Staff and residents see the same. */
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Coverage, NotReflected } from "../../../shared/api/planTypes";
import "../i18n";
import { TableRegion } from "../../../shared/components/TableRegion";

const SHOWN_IDS = 8;

export function CoverageLine({ coverage }: { coverage?: Coverage | null }) {
  const { t } = useTranslation();
  if (!coverage) return null;
  return (
    <p className="plan-coverage">
      <strong>{t("drafts:coverage.line", { total: coverage.proposals, traced: coverage.traced })}</strong>
    </p>
  );
}

export function NotReflectedSection({ items }: { items?: NotReflected[] }) {
  const { t } = useTranslation();
  const left = items ?? [];
  if (left.length === 0) return null;
  return (
    <section className="plan-not-reflected" aria-labelledby="not-reflected-title">
      <h2 id="not-reflected-title">{t("drafts:coverage.notReflectedTitle")}</h2>
      <p>{t("drafts:coverage.notReflectedIntro")}</p>
      <TableRegion label={t("drafts:coverage.notReflectedTitle")}>
        <table className="table table--compact">
          <thead>
            <tr>
              <th scope="col">{t("drafts:coverage.group")}</th>
              <th scope="col">{t("drafts:coverage.reason")}</th>
              <th scope="col" className="num">
                {t("drafts:coverage.count")}
              </th>
              <th scope="col">{t("drafts:coverage.proposals")}</th>
            </tr>
          </thead>
          <tbody>
            {left.map((item, i) => {
              const ids = item.proposal_ids ?? [];
              return (
                <tr key={i}>
                  <th scope="row">{item.title}</th>
                  <td>{item.reason}</td>
                  <td className="num">{ids.length}</td>
                  <td>
                    {ids.slice(0, SHOWN_IDS).map((id, j) => (
                      <span key={id}>
                        {j > 0 && ", "}
                        <Link to={`/proposals/${id}`}>
                          <span className="visually-hidden">{t("drafts:lineage.proposal")}</span>#{id}
                        </Link>
                      </span>
                    ))}
                    {ids.length > SHOWN_IDS && <span className="small"> {t("drafts:lineage.more", { count: ids.length - SHOWN_IDS })}</span>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableRegion>
    </section>
  );
}
