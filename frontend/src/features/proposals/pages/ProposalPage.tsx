import { lazy, Suspense } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { endpoints } from "../../../shared/api/endpoints";
import { useDistricts, useProcess } from "../../../shared/api/queries";
import { isStaff, useMe } from "../../../shared/auth/session";
import { Comments } from "../components/Comments";
import { ErrorMessage, Loading } from "../../../shared/components/Feedback";
import { ReportDialog } from "../components/ReportDialog";
import { SignInLink } from "../../../shared/auth/SignInLink";
import { VoteButtons } from "../components/VoteButtons";
import { ProposalGallery } from "../components/photos/ProposalGallery";
import { districtName, formatDate, processTitle } from "../../../shared/components/format";
import { usePageTitle } from "../../../shared/layout/usePageTitle";
import { useEasyT } from "../../../shared/furigana/easy";
import { Furi } from "../../../shared/furigana/Furi";

// What became of the proposal (theme, plan items, the city's response): a lazy chunk.
const OutcomePanel = lazy(() => import("../../responses/components/OutcomePanel"));
// Only the author withdraws: a lazy chunk too.
const WithdrawDialog = lazy(() => import("../components/WithdrawDialog"));
// The author's photo controls (add, delete): a lazy chunk too.
const PhotoManager = lazy(() => import("../components/photos/PhotoManager"));

export function ProposalPage() {
  const { t, i18n } = useTranslation();
  const proposalId = Number(useParams().proposalId);
  const proposal = useQuery({ queryKey: ["proposal", proposalId], queryFn: () => endpoints.proposal(proposalId) });
  const process = useProcess(proposal.data?.process_id ?? NaN);
  const districts = useDistricts();
  const { data: me } = useMe();
  const easy = useEasyT();
  usePageTitle(proposal.data?.title);

  if (proposal.isPending) return <Loading />;
  if (proposal.isError) return <ErrorMessage error={proposal.error} onRetry={() => void proposal.refetch()} />;
  const p = proposal.data;
  const lang = i18n.language;
  const allowed = process.data?.allowed_actions ?? [];
  const published = p.status === "published";
  const canVote = !!me && published && allowed.includes("vote");
  const canComment = !!me && published && allowed.includes("comment");
  const voteReason = !me ? <SignInLink>{easy("vote.signIn")}</SignInLink> : t("vote.closed");
  const commentReason = !me ? <SignInLink>{t("comments.signIn")}</SignInLink> : t("comments.closed");
  // the same rule as the server (backend/proposals/image_services.py)
  const canChangePhotos =
    !!me &&
    published &&
    ((p.author?.id === me.id && allowed.includes("edit_proposal")) ||
      (isStaff(me) && p.channel !== "online" && allowed.includes("proxy_entry")));
  const gallery = <ProposalGallery images={p.images ?? []} />;
  const mine = !!me && p.author?.id === me.id;

  return (
    <>
      <p className="breadcrumb">
        <Link to="/">{t("nav.home")}</Link>
        {process.data && (
          <>
            {" / "}
            <Link to={`/processes/${p.process_id}`}>{processTitle(process.data, lang)}</Link>
          </>
        )}
      </p>
      <article className="proposal" aria-labelledby="proposal-title">
        <h1 id="proposal-title">
          <Furi text={p.title} lang={p.language} />
        </h1>
        {p.status === "hidden" && (
          <div className="notice notice--warning">
            <p>{t("proposal.hidden")}</p>
            {p.status_reason && <p>{t("proposal.reason", { reason: p.status_reason })}</p>}
          </div>
        )}
        {p.status === "withdrawn" && (
          <div className="notice notice--warning">
            <p>{t("proposal.withdrawn")}</p>
            {/* the author's reason: the API gives it to the author and staff only */}
            {p.status_reason && <p>{t("proposal.reason", { reason: p.status_reason })}</p>}
          </div>
        )}
        <p className="card__meta">
          <span>
            {p.author
              ? t("proposal.by", { name: p.author.display_name })
              : t("proposal.submittedBy", { name: p.submitter_name || t("proposal.anonymous") })}
          </span>
          <time dateTime={p.created_at}>{t("proposal.postedOn", { date: formatDate(p.created_at, lang) })}</time>
        </p>
        <dl className="meta-list">
          <div>
            <dt>{t("proposal.district")}</dt>
            <dd>{p.district_code ? districtName(p.district_code, districts.data, lang) : t("proposal.noDistrict")}</dd>
          </div>
          {p.reference_number && (
            <div>
              <dt>{t("proposal.reference")}</dt>
              <dd>{p.reference_number}</dd>
            </div>
          )}
          {p.received_on && (
            <div>
              <dt>{t("proposal.receivedOn")}</dt>
              <dd>
                <time dateTime={p.received_on}>{formatDate(p.received_on, lang)}</time>
              </dd>
            </div>
          )}
          {p.tags.length > 0 && (
            <div>
              <dt>{t("proposal.tags")}</dt>
              <dd>
                <ul className="tags">
                  {p.tags.map((tag) => (
                    <li key={tag} className="tag">
                      <Link to={`/processes/${p.process_id}?tag=${encodeURIComponent(tag)}`}>{tag}</Link>
                    </li>
                  ))}
                </ul>
              </dd>
            </div>
          )}
        </dl>
        {p.channel === "imported" && <p className="notice notice--info">{t("proposal.imported")}</p>}
        {p.channel !== "online" && p.channel !== "imported" && (
          <p className="notice notice--info">{t("proposal.enteredBy", { channel: t(`channels.${p.channel}`) })}</p>
        )}
        <div className="proposal__body" lang={p.language && p.language !== lang ? p.language : undefined}>
          {p.body.split(/\n+/).map((para, i) => (
            <p key={i}>
              <Furi text={para} lang={p.language} />
            </p>
          ))}
        </div>
        {canChangePhotos ? (
          <Suspense fallback={gallery}>
            <PhotoManager proposal={p} />
          </Suspense>
        ) : (
          gallery
        )}
        {me && published && (
          <p className="proposal__report">
            <ReportDialog target="proposals" targetId={p.id} buttonLabel={t("report.open")} />
          </p>
        )}
      </article>
      {mine && published && process.data && (
        <section className="own-proposal" aria-labelledby="own-title">
          <h2 id="own-title">{t("own.title")}</h2>
          <div className="button-row">
            {allowed.includes("edit_proposal") ? (
              <Link to={`/proposals/${p.id}/edit`} className="button button--secondary">
                {t("own.edit")}
              </Link>
            ) : (
              <p className="small">{t("own.editClosed")}</p>
            )}
            {process.data.phase !== "closed" && (
              <Suspense fallback={null}>
                <WithdrawDialog proposal={p} />
              </Suspense>
            )}
          </div>
        </section>
      )}
      {published && <VoteButtons proposal={p} canVote={canVote} reasonIfNot={voteReason} signedIn={!!me} />}
      <Suspense fallback={null}>
        <OutcomePanel proposalId={p.id} processId={p.process_id} />
      </Suspense>
      <Comments proposal={p} canComment={canComment} signedIn={!!me} reasonIfNot={commentReason} />
      <p>
        <Link to={`/processes/${p.process_id}`}>{t("proposal.back")}</Link>
      </p>
    </>
  );
}
