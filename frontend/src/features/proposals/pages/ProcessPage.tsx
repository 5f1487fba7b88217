import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { fileLinks } from "../../../shared/api/endpoints";
import { useProcess } from "../../../shared/api/queries";
import type { Action } from "../../../shared/api/types";
import { useMe, isStaff } from "../../../shared/auth/session";
import { ErrorMessage, Loading } from "../../../shared/components/Feedback";
import { PhaseTimeline } from "../components/PhaseTimeline";
import { ProposalCount, ProposalList } from "../components/ProposalList";
import { processDescription, processTitle } from "../../../shared/components/format";
import { usePageTitle } from "../../../shared/layout/usePageTitle";
import { useEasyT } from "../../../shared/furigana/easy";
import { Furi } from "../../../shared/furigana/Furi";

const RESIDENT_ACTIONS: Action[] = ["propose", "vote", "comment", "edit_proposal"];

export function ProcessPage() {
  const { t, i18n } = useTranslation();
  const processId = Number(useParams().processId);
  const process = useProcess(processId);
  const { data: me } = useMe();
  const easy = useEasyT();
  usePageTitle(process.data ? processTitle(process.data, i18n.language) : undefined);

  if (process.isPending) return <Loading />;
  if (process.isError) return <ErrorMessage error={process.error} onRetry={() => void process.refetch()} />;
  const p = process.data;
  const actions = RESIDENT_ACTIONS.filter((a) => p.allowed_actions.includes(a));
  // residents vote on every list item; staff and council accounts do not vote
  const voting =
    p.allowed_actions.includes("vote") && (!me || me.role === "resident") ? { signedIn: !!me, canVote: !!me } : undefined;

  return (
    <>
      <p className="breadcrumb">
        <Link to="/">{t("nav.home")}</Link>
      </p>
      <h1>
        <Furi text={processTitle(p, i18n.language)} />
      </h1>
      <p className="lead">
        <Furi text={processDescription(p, i18n.language)} />
      </p>

      <div className="two-col">
        <section aria-labelledby="now-title" className="panel panel--accent">
          <h2 id="now-title">
            <Furi text={easy("process.canDoNow")} />
          </h2>
          <p>
            <span className={`phase-tag phase-tag--${p.phase}`}>{easy(`phases.${p.phase}`)}</span>{" "}
            <Furi text={easy(`phaseHelp.${p.phase}`)} />
          </p>
          {actions.length > 0 ? (
            <ul className="checklist">
              {actions.map((a) => (
                <li key={a}>
                  <Furi text={t(`actions.${a}`)} />
                </li>
              ))}
            </ul>
          ) : (
            <p>{t("process.nothingNow")}</p>
          )}
          {(["propose", "vote"] as const).map((action) => {
            // 本人確認: say before a resident tries what this process needs (the server refuses without it)
            const level = action === "propose" ? p.min_level_to_propose : p.min_level_to_vote;
            if (!level || level === "none" || !p.allowed_actions.includes(action)) return null;
            return (
              <p key={action} className="small">
                {t("problems.verification.message", {
                  action: t(`problems.verification.${action}`),
                  need: t(`problems.verification.${level}`),
                })}
                {level === "postcard" && me && (
                  <>
                    {" "}
                    <a href="/profile#verification-code">{t("problems.verification.enterCode")}</a>
                  </>
                )}
              </p>
            );
          })}
          {actions.length > 0 && !me && (
            <p>
              <Link to="/signin" state={{ from: `/processes/${p.id}` }}>
                <Furi text={easy("process.signInToTake")} />
              </Link>
            </p>
          )}
          {p.allowed_actions.includes("propose") && me && (
            <p>
              <Link to={`/processes/${p.id}/new`} className="button button--primary">
                {t("process.newProposal")}
              </Link>
            </p>
          )}
          {voting?.signedIn && (
            <p>
              <Link
                to={`/processes/${p.id}/vote`}
                className={`button ${p.allowed_actions.includes("propose") ? "button--secondary" : "button--primary"}`}
              >
                {t("cards.open")}
              </Link>
            </p>
          )}
          <ul className="small">
            <li>
              <Link to={`/processes/${p.id}/themes`}><Furi text={easy("process.themesLink")} /></Link>
            </li>
            <li>
              <Link to={`/processes/${p.id}/draft`}><Furi text={easy("process.draftLink")} /></Link>
            </li>
          </ul>
          {isStaff(me) && p.allowed_actions.includes("proxy_entry") && (
            <p className="small">
              <Link to={`/planner/proxy?process=${p.id}`}>{t("process.staffCanProxy")}</Link>
            </p>
          )}
          {/* residents while proposals are collected; staff as long as they enter offline ones */}
          {p.channels.includes("paper") && p.allowed_actions.includes("proxy_entry") && (p.phase === "ideas" || isStaff(me)) && (
            <p className="small">
              {t("process.paperFormHint")}{" "}
              <a href={fileLinks.paperForm(p.id)}>
                {t("process.paperForm")}
              </a>
              {" / "}
              <a href={fileLinks.paperForm(p.id, "large")}>
                {t("process.paperFormLarge")}
              </a>
            </p>
          )}
        </section>
        <section aria-labelledby="timeline-title" className="panel">
          <h2 id="timeline-title">
            <Furi text={t("process.timeline")} />
          </h2>
          <PhaseTimeline process={p} />
        </section>
      </div>

      <section aria-labelledby="proposals-title">
        <h2 id="proposals-title">
          <Furi text={t("process.proposals")} /> <ProposalCount processId={p.id} total={p.proposal_count} />
        </h2>
        <ProposalList processId={p.id} voting={voting} />
      </section>
    </>
  );
}
