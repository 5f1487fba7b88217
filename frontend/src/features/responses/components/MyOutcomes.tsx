/** My page: for each of my proposals, where it went (theme, plan items, the city's response). */
import { useQueries } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Proposal } from "../../../shared/api/types";
import { planning } from "../../../shared/api/planEndpoints";
import "../i18n";
import "../../planning/plan.css";
import { OutcomeBody } from "./OutcomePanel";

export default function MyOutcomes({ proposals }: { proposals: Proposal[] }) {
  const { t } = useTranslation();
  const outcomes = useQueries({
    queries: proposals.map((p) => ({ queryKey: ["outcome", p.id], queryFn: () => planning.outcome(p.id), retry: false })),
  });
  if (proposals.length === 0) return null;
  return (
    <section aria-labelledby="my-outcomes" className="my-outcomes">
      <h2 id="my-outcomes">{t("responses:outcome.myTitle")}</h2>
      <p>{t("responses:outcome.myIntro")}</p>
      <ul className="card-list">
        {proposals.map((p, i) => (
          <li key={p.id} className="card">
            <h3 className="card__title">
              <Link to={`/proposals/${p.id}`}>{p.title}</Link>
            </h3>
            {outcomes[i]?.data ? <OutcomeBody outcome={outcomes[i].data!} processId={p.process_id} /> : <p className="small">{t("responses:outcome.pending")}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}
