/** "What happened to this proposal": its theme, the plan items it fed and the city's response. */
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { planning } from "../../../shared/api/planEndpoints";
import type { ProposalOutcome } from "../../../shared/api/planTypes";
import "../i18n";
import "../../planning/plan.css";
import { StatusBadge } from "./StatusBadge";

export function OutcomeBody({ outcome, processId }: { outcome: ProposalOutcome; processId: number }) {
  const { t } = useTranslation();
  const nothing = !outcome.theme && outcome.plan_items.length === 0 && outcome.responses.length === 0;
  if (nothing) return <p className="small">{t("responses:outcome.pending")}</p>;
  return (
    <dl className="outcome-list">
      {outcome.theme && (
        <div>
          <dt>{t("responses:outcome.theme")}</dt>
          <dd>
            <Link to={`/processes/${processId}/themes`}>{outcome.theme.title}</Link>
          </dd>
        </div>
      )}
      {outcome.plan_items.length > 0 && (
        <div>
          <dt>{t("responses:outcome.planItems")}</dt>
          <dd>
            <ul className="plain-list">
              {outcome.plan_items.map((item) => (
                <li key={`${item.draft_id}-${item.key}`}>
                  <Link to={`/processes/${processId}/draft#goal-${item.key.split("-")[0]}`}>{t("responses:outcome.fed", { label: item.label, title: item.title })}</Link>
                </li>
              ))}
            </ul>
          </dd>
        </div>
      )}
      {outcome.responses.map((r) => (
        <div key={r.id}>
          <dt>
            {t("responses:outcome.response")} <StatusBadge status={r.status} />
          </dt>
          <dd className="pre-wrap">{r.response}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Shown on the proposal page (lazily loaded, so it costs nothing in the initial JavaScript). */
export default function OutcomePanel({ proposalId, processId }: { proposalId: number; processId: number }) {
  const { t } = useTranslation();
  const outcome = useQuery({ queryKey: ["outcome", proposalId], queryFn: () => planning.outcome(proposalId), retry: false });
  if (!outcome.data) return null;
  return (
    <section className="panel panel--accent outcome" aria-labelledby="outcome-title">
      <h2 id="outcome-title">{t("responses:outcome.title")}</h2>
      <OutcomeBody outcome={outcome.data} processId={processId} />
    </section>
  );
}
