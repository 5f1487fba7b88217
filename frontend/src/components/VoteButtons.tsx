/** Agree / disagree / pass as toggle buttons (aria-pressed) with the tallies; one changeable vote. */
import { useState, type ReactNode } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { endpoints } from "../api/endpoints";
import type { Proposal, VoteResult, VoteValue } from "../api/types";
import { ErrorMessage, LiveMessage } from "./Feedback";

const VALUES: VoteValue[] = ["agree", "disagree", "pass"];

interface Props {
  proposal: Proposal;
  canVote: boolean;
  reasonIfNot?: ReactNode;
}

export function VoteButtons({ proposal, canVote, reasonIfNot }: Props) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [message, setMessage] = useState<string>();
  const vote = useMutation({
    mutationFn: (value: VoteValue | null) =>
      value ? endpoints.vote(proposal.id, value) : endpoints.unvote(proposal.id),
    onSuccess: (result: VoteResult) => {
      client.setQueryData<Proposal>(["proposal", proposal.id], (old) =>
        old ? { ...old, my_vote: result.my_vote, tally: result.tally } : old,
      );
      void client.invalidateQueries({ queryKey: ["proposals", proposal.process_id] });
      setMessage(result.my_vote ? t("vote.saved", { vote: t(`vote.${result.my_vote}`) }) : t("vote.removed"));
    },
  });
  const mine = proposal.my_vote ?? null;

  return (
    <div className="vote" role="group" aria-labelledby="vote-heading">
      <h2 id="vote-heading" className="vote__heading">
        {t("vote.heading")}
      </h2>
      <div className="vote__buttons">
        {VALUES.map((value) => (
          <button
            key={value}
            type="button"
            className={`vote-button vote-button--${value}`}
            aria-pressed={mine === value}
            disabled={!canVote || vote.isPending}
            onClick={() => vote.mutate(value)}
          >
            <span className="vote-button__label">{t(`vote.${value}`)}</span>
            <span className="vote-button__count">{t("vote.count", { count: proposal.tally[value] })}</span>
          </button>
        ))}
      </div>
      {vote.isPending && <p className="small">{t("vote.saving")}</p>}
      {!canVote && reasonIfNot && <p className="small">{reasonIfNot}</p>}
      {canVote && mine && (
        <p className="small">
          {t("vote.yourVote", { vote: t(`vote.${mine}`) })}{" "}
          <button type="button" className="link-button" onClick={() => vote.mutate(null)} disabled={vote.isPending}>
            {t("vote.remove")}
          </button>
        </p>
      )}
      <LiveMessage message={message} />
      {vote.isError && <ErrorMessage error={vote.error} />}
    </div>
  );
}
