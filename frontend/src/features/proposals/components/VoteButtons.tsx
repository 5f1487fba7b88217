/**
 * Agree / disagree / pass as toggle buttons (aria-pressed) with the tallies; one changeable vote.
 * Used on the proposal page, on every list item (`compact`) and in the card flow (`onVoted`).
 * The buttons stay enabled while a vote is sent (a second press waits): disabling the pressed
 * button threw keyboard focus to <body>.
 */
import { useId, useState, type ReactNode } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { endpoints } from "../../../shared/api/endpoints";
import type { Proposal, VoteResult, VoteValue } from "../../../shared/api/types";
import { applyVoteResult } from "../voteCache";
import { ErrorMessage, LiveMessage } from "../../../shared/components/Feedback";
import { SignInLink } from "../../../shared/auth/SignInLink";

export const VOTE_VALUES: VoteValue[] = ["agree", "disagree", "pass"];

interface Props {
  proposal: Proposal;
  canVote: boolean;
  reasonIfNot?: ReactNode;
  /** false: a sign-in link instead of the buttons */
  signedIn?: boolean;
  /** in a list item: no heading; the group is named after the proposal */
  compact?: boolean;
  onVoted?: (result: VoteResult) => void;
  /** aria-keyshortcuts of each button, where the page listens for them */
  shortcuts?: Record<VoteValue, string>;
}

export function VoteButtons({ proposal, canVote, reasonIfNot, signedIn = true, compact, onVoted, shortcuts }: Props) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const headingId = useId();
  const [message, setMessage] = useState<string>();
  const vote = useMutation({
    mutationFn: (value: VoteValue | null) =>
      value ? endpoints.vote(proposal.id, value) : endpoints.unvote(proposal.id),
    onSuccess: (result: VoteResult) => {
      applyVoteResult(client, proposal.process_id, result);
      setMessage(result.my_vote ? t("vote.saved", { vote: t(`vote.${result.my_vote}`) }) : t("vote.removed"));
      onVoted?.(result);
    },
  });
  const send = (value: VoteValue | null) => {
    if (!vote.isPending) vote.mutate(value);
  };
  const mine = proposal.my_vote ?? null;
  const heading = !compact && (
    <h2 id={headingId} className="vote__heading">
      {t("vote.heading")}
    </h2>
  );

  if (!signedIn)
    return (
      <div className={compact ? "vote vote--compact" : "vote"}>
        {heading}
        {!compact && <p className="small">{t("vote.tally", { ...proposal.tally })}</p>}
        {!compact && proposal.offline_tally && (
          <p className="small">{t("vote.offlinePart", { ...proposal.offline_tally })}</p>
        )}
        <p className="vote__sign-in">
          <SignInLink>{t("vote.signIn")}</SignInLink>
        </p>
      </div>
    );

  return (
    <div
      className={compact ? "vote vote--compact" : "vote"}
      role="group"
      aria-labelledby={compact ? undefined : headingId}
      aria-label={compact ? t("vote.groupFor", { title: proposal.title }) : undefined}
    >
      {heading}
      <div className="vote__buttons">
        {VOTE_VALUES.map((value) => (
          <button
            key={value}
            type="button"
            className={`vote-button vote-button--${value}`}
            aria-pressed={mine === value}
            aria-keyshortcuts={shortcuts?.[value]}
            disabled={!canVote}
            onClick={() => send(value)}
          >
            <span className="vote-button__label">{t(`vote.${value}`)}</span>
            <span className="vote-button__count">{t("vote.count", { count: proposal.tally[value] })}</span>
          </button>
        ))}
      </div>
      {!compact && proposal.offline_tally && (
        <p className="small">{t("vote.offlinePart", { ...proposal.offline_tally })}</p>
      )}
      {vote.isPending && <p className="small">{t("vote.saving")}</p>}
      {!canVote && reasonIfNot && <p className="small">{reasonIfNot}</p>}
      {canVote && mine && !compact && (
        <p className="small">
          {t("vote.yourVote", { vote: t(`vote.${mine}`) })}{" "}
          <button type="button" className="link-button" onClick={() => send(null)}>
            {t("vote.remove")}
          </button>
        </p>
      )}
      <LiveMessage message={message} />
      {vote.isError && <ErrorMessage error={vote.error} />}
    </div>
  );
}
