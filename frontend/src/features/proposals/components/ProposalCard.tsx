import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useDistricts } from "../../../shared/api/queries";
import type { Proposal } from "../../../shared/api/types";
import { districtName, formatDate } from "../../../shared/components/format";
import { VoteButtons } from "./VoteButtons";
import { Furi } from "../../../shared/furigana/Furi";

interface Props {
  proposal: Proposal;
  headingLevel?: 2 | 3;
  /** where residents may vote now: the buttons on the card (signed out: a sign-in link) */
  voting?: { signedIn: boolean; canVote: boolean };
}

export function ProposalCard({ proposal, headingLevel = 3, voting }: Props) {
  const { t, i18n } = useTranslation();
  const districts = useDistricts();
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const photo = proposal.images?.[0];
  return (
    <li className="card proposal-card">
      <Heading className="card__title">
        <Link to={`/proposals/${proposal.id}`}>
          <Furi text={proposal.title} lang={proposal.language} />
        </Link>
      </Heading>
      <p className="card__meta">
        {proposal.district_code && <span>{districtName(proposal.district_code, districts.data, i18n.language)}</span>}
        <span>{t("proposal.postedOn", { date: formatDate(proposal.created_at, i18n.language) })}</span>
        {proposal.channel !== "online" && <span className="badge">{t(`channels.${proposal.channel}`)}</span>}
        {proposal.status !== "published" && <span className="badge badge--warning">{t(proposal.status === "hidden" ? "proposal.statusHidden" : "proposal.statusWithdrawn")}</span>}
      </p>
      {photo && (
        <img
          src={photo.thumb_url}
          alt={photo.alt}
          width={photo.width}
          height={photo.height}
          loading="lazy"
          className="card__photo"
        />
      )}
      <p className="card__text card__text--clamp">
        <Furi text={proposal.body} lang={proposal.language} />
      </p>
      <p className="card__stats">
        {!(voting?.signedIn && voting.canVote) && <span>{t("vote.tally", { ...proposal.tally })}</span>}
        <span>{t("proposal.commentCount", { count: proposal.comment_count })}</span>
      </p>
      {proposal.tags.length > 0 && (
        <ul className="tags" aria-label={t("proposal.tags")}>
          {proposal.tags.map((tag) => (
            <li key={tag} className="tag">
              {tag}
            </li>
          ))}
        </ul>
      )}
      {voting && proposal.status === "published" && (
        <VoteButtons proposal={proposal} canVote={voting.canVote} signedIn={voting.signedIn} compact />
      )}
    </li>
  );
}
