/**
 * つぎの提案へ: the proposals a resident has not voted on, one card at a time, least-voted first
 * as Pol.is deals them (the order and the count left come from the server). Keys 1/2/3 and
 * → / ← vote; the buttons are large for touch. The vote buttons stay the same elements from
 * card to card, so focus stays on the button just pressed. A lazy chunk.
 */
import { useEffect, useRef, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { endpoints } from "../../../shared/api/endpoints";
import { useDistricts, useProcess } from "../../../shared/api/queries";
import type { VoteValue } from "../../../shared/api/types";
import { useMe } from "../../../shared/auth/session";
import { ErrorMessage, Loading } from "../../../shared/components/Feedback";
import { VoteButtons } from "../components/VoteButtons";
import { districtName, formatDate, processTitle } from "../../../shared/components/format";
import { usePageTitle } from "../../../shared/layout/usePageTitle";

const BATCH = 20;
/** fetch the next batch while this many cards are left, so the flow never waits on a card */
const REFILL_AT = 3;
const KEYS: Record<string, VoteValue> = { "1": "agree", "2": "disagree", "3": "pass", ArrowRight: "agree", ArrowLeft: "disagree" };
const SHORTCUTS: Record<VoteValue, string> = { agree: "1 ArrowRight", disagree: "2 ArrowLeft", pass: "3" };

function typingIn(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
}

export default function VoteCardsPage() {
  const { t, i18n } = useTranslation();
  const processId = Number(useParams().processId);
  const process = useProcess(processId);
  const districts = useDistricts();
  const me = useMe();
  usePageTitle(t("cards.title"));
  const resident = me.data?.role === "resident";
  const votingOpen = process.data?.allowed_actions.includes("vote") ?? false;
  const queue = useQuery({
    queryKey: ["unvoted", processId],
    queryFn: () => endpoints.unvoted(processId, BATCH),
    enabled: resident && votingOpen,
    gcTime: 0, // a later visit starts from what the server knows
  });
  const [done, setDone] = useState<ReadonlySet<number>>(new Set());
  const [shownId, setShownId] = useState<number>();
  const cards = useRef<HTMLDivElement>(null);
  const finished = useRef<HTMLHeadingElement>(null);

  const left = queue.data?.items.filter((p) => !done.has(p.id)) ?? [];
  // the card on screen stays while a new batch arrives, whatever order the batch has
  const current = left.find((p) => p.id === shownId) ?? left[0];
  const remaining = queue.data ? queue.data.remaining - (queue.data.items.length - left.length) : 0;

  if (current?.id !== shownId) setShownId(current?.id);
  useEffect(() => {
    const more = queue.data && queue.data.remaining > queue.data.items.length;
    if (more && left.length <= REFILL_AT && !queue.isFetching) void queue.refetch();
  }, [left.length, queue]);
  useEffect(() => {
    if (queue.data && !current) finished.current?.focus();
  }, [queue.data, current]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const value = KEYS[event.key];
      if (!value || event.repeat || event.altKey || event.ctrlKey || event.metaKey || typingIn(event.target)) return;
      const button = cards.current?.querySelector<HTMLButtonElement>(`.vote-button--${value}`);
      if (!button || button.disabled) return;
      event.preventDefault();
      button.click();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  const lang = i18n.language;
  const back = (
    <p className="vote-cards__back">
      <Link to={`/processes/${processId}`}>{t("proposal.back")}</Link>
    </p>
  );
  let content;
  if (me.isPending || process.isPending) content = <Loading />;
  else if (process.isError) content = <ErrorMessage error={process.error} onRetry={() => void process.refetch()} />;
  else if (!me.data)
    content = (
      <p>
        <Link to="/signin" state={{ from: `/processes/${processId}/vote` }}>
          {t("vote.signIn")}
        </Link>
      </p>
    );
  else if (!resident) content = <p>{t("cards.residentsOnly")}</p>;
  else if (!votingOpen) content = <p>{t("vote.closed")}</p>;
  else if (queue.isError) content = <ErrorMessage error={queue.error} onRetry={() => void queue.refetch()} />;
  else if (!queue.data || (!current && queue.isFetching)) content = <Loading />;
  else if (!current)
    content = (
      <section className="panel panel--accent" aria-labelledby="cards-done">
        <h2 id="cards-done" ref={finished} tabIndex={-1}>
          {t("cards.doneTitle")}
        </h2>
        <p>{t("cards.doneBody")}</p>
      </section>
    );
  else
    content = (
      <div className="vote-cards" ref={cards}>
        <p className="vote-cards__progress" aria-live="polite">
          {t("cards.remaining", { count: remaining })}
        </p>
        <article className="card vote-card" aria-labelledby="vote-card-title">
          <h2 id="vote-card-title" className="card__title">
            <Link to={`/proposals/${current.id}`}>{current.title}</Link>
          </h2>
          <p className="card__meta">
            <span>{districtName(current.district_code, districts.data, lang)}</span>
            <span>{t("proposal.postedOn", { date: formatDate(current.created_at, lang) })}</span>
            {current.channel !== "online" && <span className="badge">{t(`channels.${current.channel}`)}</span>}
          </p>
          <div className="vote-card__body" lang={current.language !== lang ? current.language : undefined}>
            {current.body.split(/\n+/).map((para, i) => (
              <p key={i}>{para}</p>
            ))}
          </div>
        </article>
        <VoteButtons
          proposal={current}
          canVote
          shortcuts={SHORTCUTS}
          onVoted={(result) => setDone((old) => new Set(old).add(result.proposal_id))}
        />
        <p className="small vote-cards__keys">{t("cards.keys")}</p>
      </div>
    );

  return (
    <>
      <p className="breadcrumb">
        <Link to="/">{t("nav.home")}</Link>
        {process.data && (
          <>
            {" / "}
            <Link to={`/processes/${processId}`}>{processTitle(process.data, lang)}</Link>
          </>
        )}
      </p>
      <h1>{t("cards.title")}</h1>
      <p className="lead">{t("cards.lead")}</p>
      {content}
      {back}
    </>
  );
}
