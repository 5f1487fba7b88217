/** 意見グループ: groups of residents who voted alike, what unites everyone, and what divides. */
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ErrorMessage, Loading } from "../../../shared/components/Feedback";
import { usePageTitle } from "../../../shared/layout/usePageTitle";
import { planning } from "../../../shared/api/planEndpoints";
import type { Statement } from "../../../shared/api/planTypes";
import { PlanningNav } from "../components/PlanningNav";
import { ChannelTable } from "../../council/components/ChannelTable";
import { usePlanningParams } from "../usePlanning";
import "../i18n";
import "../plan.css";

const percent = (p: number) => Math.round(p * 100);

export function StatementItem({ s }: { s: Statement }) {
  const { t } = useTranslation();
  const agree = percent(s.p_agree);
  const disagree = percent(s.p_disagree);
  return (
    <li className="statement">
      <Link to={`/proposals/${s.proposal_id}`} className="statement__title">
        {s.title}
      </Link>
      <span className="statement__bar" aria-hidden="true">
        <span className="statement__agree" style={{ inlineSize: `${agree}%` }} />
        <span className="statement__disagree" style={{ inlineSize: `${disagree}%` }} />
      </span>
      <span className="small">
        {t("planning:opinions.figures", { agree, disagree, seen: s.seen })}
        {s.group !== null && s.repful && ` · ${t(`planning:opinions.repful.${s.repful}`)}`}
      </span>
    </li>
  );
}

export default function OpinionsPage() {
  const { t } = useTranslation();
  const { processId, runId } = usePlanningParams();
  usePageTitle(t("planning:opinions.title"));
  const opinions = useQuery({ queryKey: ["opinions", runId], queryFn: () => planning.opinions(runId!), enabled: !!runId });
  const o = opinions.data;
  return (
    <>
      <PlanningNav processId={processId} runId={runId} />
      <h1>{t("planning:opinions.title")}</h1>
      <p>{t("planning:opinions.intro")}</p>
      {opinions.isPending && <Loading />}
      {opinions.isError && <ErrorMessage error={opinions.error} onRetry={() => void opinions.refetch()} />}
      {o && (
        <>
          <p className="legend-note small">
            <span className="swatch swatch--agree" aria-hidden="true" /> {t("planning:opinions.agree")}{" "}
            <span className="swatch swatch--disagree" aria-hidden="true" /> {t("planning:opinions.disagree")}
          </p>
          <p>{t("planning:opinions.participants", { count: o.n_participants, clustered: o.n_participants_clustered })}</p>
          {o.groups.length === 0 && <p className="empty">{t("planning:opinions.noGroups")}</p>}
          <div className="opinion-groups">
            {o.groups.map((g) => (
              <section key={g.id} className="panel" aria-labelledby={`group-${g.id}`}>
                <h2 id={`group-${g.id}`}>{t("planning:opinions.group", { letter: String.fromCharCode(65 + g.id), count: g.size })}</h2>
                {g.channels && g.channels.length > 0 && (
                  <ChannelTable
                    cells={g.channels}
                    caption={t("planning:opinions.channels", { letter: String.fromCharCode(65 + g.id) })}
                    proposalsLabel={t("planning:opinions.channelProposals")}
                  />
                )}
                <p className="small">{t("planning:opinions.groupHelp")}</p>
                <ul className="statement-list">
                  {g.representative.map((s) => (
                    <StatementItem key={`${g.id}-${s.proposal_id}`} s={s} />
                  ))}
                </ul>
              </section>
            ))}
          </div>
          <div className="two-col">
            <section className="panel" aria-labelledby="consensus-title">
              <h2 id="consensus-title">{t("planning:opinions.consensus")}</h2>
              <p className="small">{t("planning:opinions.consensusHelp")}</p>
              {o.consensus.length === 0 ? (
                <p className="empty">{t("planning:opinions.none")}</p>
              ) : (
                <ul className="statement-list">
                  {o.consensus.map((s) => (
                    <StatementItem key={s.proposal_id} s={s} />
                  ))}
                </ul>
              )}
            </section>
            <section className="panel" aria-labelledby="divisive-title">
              <h2 id="divisive-title">{t("planning:opinions.divisive")}</h2>
              <p className="small">{t("planning:opinions.divisiveHelp")}</p>
              {o.divisive.length === 0 ? (
                <p className="empty">{t("planning:opinions.none")}</p>
              ) : (
                <ul className="statement-list">
                  {o.divisive.map((s) => (
                    <StatementItem key={s.proposal_id} s={s} />
                  ))}
                </ul>
              )}
            </section>
          </div>
        </>
      )}
    </>
  );
}
