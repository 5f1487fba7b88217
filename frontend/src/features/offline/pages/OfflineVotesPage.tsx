/**
 * 「紙・説明会の票の入力」 (/planner/offline-votes): staff type in votes that came offline.
 * Tally sheets add one proposal's counts from a show of hands; a paper ballot is one anonymous
 * participant's marks on many proposals (one form per ballot, radios per proposal: ← → choose,
 * Tab moves on), who then also takes part in the opinion groups. Both are in the audit log.
 */
import { useRef, useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { fieldProblems } from "../../../shared/api/client";
import { useProcesses } from "../../../shared/api/queries";
import { CHANNELS, type AgeBand, type Proposal, type ProxyChannel, type VoteValue } from "../../../shared/api/types";
import { ErrorMessage, LiveMessage, Loading } from "../../../shared/components/Feedback";
import { Field } from "../../../shared/components/Field";
import { processTitle } from "../../../shared/components/format";
import { usePageTitle } from "../../../shared/layout/usePageTitle";
import { todayInJapan } from "./ProxyEntryPage";
import { DistrictAgeFields } from "../../account/components/ProfileFields";
import { offlineApi, type BallotMark } from "../votesApi";
import "../i18n/votes";
import "../offline-votes.css";

const VOTES: VoteValue[] = ["agree", "disagree", "pass"];
const OFFLINE: readonly ProxyChannel[] = CHANNELS;

function ChannelChoice({ id, value, onChange }: { id: string; value: ProxyChannel; onChange: (c: ProxyChannel) => void }) {
  const { t } = useTranslation();
  return (
    <fieldset className="fieldset">
      <legend>{t("offline:channel")}</legend>
      {OFFLINE.map((channel) => (
        <div className="radio" key={channel}>
          <input type="radio" id={`${id}-${channel}`} name={id} checked={value === channel} onChange={() => onChange(channel)} />
          <label htmlFor={`${id}-${channel}`}>{t(`channels.${channel}`)}</label>
        </div>
      ))}
    </fieldset>
  );
}

function count(value: string): number {
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) ? n : 0;
}

function TallySheets({ processId, proposals }: { processId: number; proposals: Proposal[] }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const sheets = useQuery({ queryKey: ["tally-sheets", processId], queryFn: () => offlineApi.sheets(processId) });
  const [proposalId, setProposalId] = useState("");
  const [channel, setChannel] = useState<ProxyChannel>("meeting");
  const [counts, setCounts] = useState({ agree: "0", disagree: "0", pass: "0" });
  const [label, setLabel] = useState("");
  const [heldOn, setHeldOn] = useState("");
  const [note, setNote] = useState("");
  const [message, setMessage] = useState<string>();
  const titleOf = (id: number) => proposals.find((p) => p.id === id)?.title ?? `#${id}`;
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ["tally-sheets", processId] });
    void client.invalidateQueries({ queryKey: ["proposals", processId] });
  };
  const save = useMutation({
    mutationFn: () =>
      offlineApi.enterSheet(processId, {
        proposal_id: Number(proposalId),
        channel,
        agree: count(counts.agree),
        disagree: count(counts.disagree),
        pass: count(counts.pass),
        label: label.trim() || null,
        held_on: heldOn || null,
        note: note.trim() || null,
      }),
    onSuccess: (sheet) => {
      refresh();
      setMessage(t("offline:sheetSaved", { title: titleOf(sheet.proposal_id), ...sheet.tally }));
      setCounts({ agree: "0", disagree: "0", pass: "0" });
      document.getElementById("sheet-proposal")?.focus();
    },
  });
  const remove = useMutation({
    mutationFn: (id: number) => offlineApi.removeSheet(processId, id),
    onSuccess: () => {
      refresh();
      setMessage(t("offline:sheetRemoved"));
    },
  });
  const problems = save.isError ? fieldProblems(save.error, t) : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMessage(undefined);
    save.mutate();
  };
  return (
    <section className="panel" aria-labelledby="sheets-title">
      <h2 id="sheets-title">{t("offline:sheetsTitle")}</h2>
      <p>{t("offline:sheetsIntro")}</p>
      <form onSubmit={submit} noValidate className="form">
        <Field id="sheet-proposal" label={t("offline:proposal")} error={problems.proposal_id} required>
          {(props) => (
            <select {...props} className="select" value={proposalId} onChange={(e) => setProposalId(e.target.value)}>
              <option value="">{t("offline:choose")}</option>
              {proposals.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.title}
                </option>
              ))}
            </select>
          )}
        </Field>
        <ChannelChoice id="sheet-channel" value={channel} onChange={setChannel} />
        <div className="count-row">
          {VOTES.map((vote) => (
            <Field key={vote} id={`sheet-${vote}`} label={t(`offline:${vote}`)} error={problems[vote]} required>
              {(props) => (
                <input
                  {...props}
                  className="input"
                  type="number"
                  inputMode="numeric"
                  min={0}
                  value={counts[vote]}
                  onChange={(e) => setCounts({ ...counts, [vote]: e.target.value })}
                />
              )}
            </Field>
          ))}
        </div>
        <Field id="sheet-label" label={t("offline:label")} hint={t("offline:labelHint")}>
          {(props) => <input {...props} className="input" maxLength={120} value={label} onChange={(e) => setLabel(e.target.value)} />}
        </Field>
        <Field id="sheet-held" label={t("offline:heldOn")}>
          {(props) => <input {...props} className="input" type="date" value={heldOn} onChange={(e) => setHeldOn(e.target.value)} />}
        </Field>
        <Field id="sheet-note" label={t("offline:note")}>
          {(props) => <input {...props} className="input" maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />}
        </Field>
        {save.isError && <ErrorMessage error={save.error} />}
        <div className="button-row">
          <button type="submit" className="button button--primary" disabled={save.isPending || !proposalId}>
            {save.isPending ? t("offline:saving") : t("offline:saveSheet")}
          </button>
        </div>
      </form>
      <LiveMessage message={message} />
      <h3>{t("offline:sheetsList")}</h3>
      {sheets.isPending && <Loading />}
      {sheets.isError && <ErrorMessage error={sheets.error} />}
      {sheets.data?.length === 0 && <p>{t("offline:noSheets")}</p>}
      {!!sheets.data?.length && (
        <ul className="plain-list">
          {sheets.data.map((sheet) => {
            const counted = t("offline:counts", { ...sheet.tally });
            return (
              <li key={sheet.id}>
                {titleOf(sheet.proposal_id)} — {t(`channels.${sheet.channel}`)}: {counted}
                {sheet.label && `（${sheet.label}${sheet.held_on ? ` ${sheet.held_on}` : ""}）`} ·{" "}
                {t("offline:enteredBy")}: {sheet.entered_by?.display_name ?? "—"}{" "}
                <button
                  type="button"
                  className="link-button"
                  aria-label={t("offline:removeSheetLabel", { title: titleOf(sheet.proposal_id), counts: counted })}
                  onClick={() => window.confirm(t("offline:removeConfirm")) && remove.mutate(sheet.id)}
                >
                  {t("offline:remove")}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {remove.isError && <ErrorMessage error={remove.error} />}
    </section>
  );
}

function Ballots({ processId, proposals }: { processId: number; proposals: Proposal[] }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const ballots = useQuery({ queryKey: ["ballots", processId], queryFn: () => offlineApi.ballots(processId) });
  const [channel, setChannel] = useState<ProxyChannel>("paper");
  const [district, setDistrict] = useState("");
  const [ageBand, setAgeBand] = useState<AgeBand | "">("");
  const [receivedOn, setReceivedOn] = useState(todayInJapan);
  const [marks, setMarks] = useState<Record<number, VoteValue>>({});
  const [message, setMessage] = useState<string>();
  const [empty, setEmpty] = useState(false);
  const firstMark = useRef<HTMLInputElement>(null);
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ["ballots", processId] });
    void client.invalidateQueries({ queryKey: ["proposals", processId] });
  };
  const votes: BallotMark[] = Object.entries(marks).map(([id, vote]) => ({ proposal_id: Number(id), vote }));
  const save = useMutation({
    mutationFn: () =>
      offlineApi.enterBallot(processId, {
        channel,
        votes,
        district_code: district || null,
        age_band: ageBand || null,
        received_on: receivedOn || null,
      }),
    onSuccess: (ballot) => {
      refresh();
      setMessage(t("offline:ballotSaved", { label: ballot.label, count: ballot.votes.length }));
      setMarks({});
      firstMark.current?.focus();
    },
  });
  const remove = useMutation({
    mutationFn: ({ id }: { id: number; label: string }) => offlineApi.removeBallot(processId, id),
    onSuccess: (_, { label }) => {
      refresh();
      setMessage(t("offline:ballotRemoved", { label }));
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMessage(undefined);
    setEmpty(votes.length === 0);
    if (votes.length === 0) return;
    save.mutate();
  };
  return (
    <section className="panel" aria-labelledby="ballots-title">
      <h2 id="ballots-title">{t("offline:ballotsTitle")}</h2>
      <p>{t("offline:ballotsIntro")}</p>
      <form onSubmit={submit} noValidate className="form">
        <ChannelChoice id="ballot-channel" value={channel} onChange={setChannel} />
        <Field id="ballot-received" label={t("offline:receivedOn")}>
          {(props) => (
            <input {...props} className="input" type="date" max={todayInJapan()} value={receivedOn} onChange={(e) => setReceivedOn(e.target.value)} />
          )}
        </Field>
        <DistrictAgeFields idPrefix="ballot" district={district} ageBand={ageBand} onDistrict={setDistrict} onAgeBand={setAgeBand}
          labels={{ district: t("offline:district"), ageBand: t("offline:ageBand") }} />
        <fieldset className="fieldset">
          <legend>{t("offline:marks")}</legend>
          <p className="small">{t("offline:keys")}</p>
          {proposals.map((proposal, index) => (
            <fieldset key={proposal.id} className="fieldset ballot-row">
              <legend>
                {index + 1}. {proposal.title}
              </legend>
              {[null, ...VOTES].map((vote) => {
                const id = `ballot-${proposal.id}-${vote ?? "none"}`;
                return (
                  <span className="radio radio--inline" key={id}>
                    <input
                      type="radio"
                      id={id}
                      name={`ballot-${proposal.id}`}
                      ref={index === 0 && vote === null ? firstMark : undefined}
                      checked={(marks[proposal.id] ?? null) === vote}
                      onChange={() => {
                        const next = { ...marks };
                        if (vote) next[proposal.id] = vote;
                        else delete next[proposal.id];
                        setMarks(next);
                      }}
                    />
                    <label htmlFor={id}>{t(`offline:${vote ?? "none"}`)}</label>
                  </span>
                );
              })}
            </fieldset>
          ))}
        </fieldset>
        <p aria-live="polite">{t("offline:marked", { count: votes.length })}</p>
        {empty && <p className="field__error">{t("offline:ballotEmpty")}</p>}
        {save.isError && <ErrorMessage error={save.error} />}
        <div className="button-row">
          <button type="submit" className="button button--primary" disabled={save.isPending}>
            {save.isPending ? t("offline:saving") : t("offline:saveBallot")}
          </button>
        </div>
      </form>
      <LiveMessage message={message} />
      <h3>{t("offline:ballotsList", { count: ballots.data?.total ?? 0 })}</h3>
      {ballots.isPending && <Loading />}
      {ballots.isError && <ErrorMessage error={ballots.error} />}
      {ballots.data?.items.length === 0 && <p>{t("offline:noBallots")}</p>}
      {!!ballots.data?.items.length && (
        <ul className="plain-list">
          {ballots.data.items.map((ballot) => (
            <li key={ballot.id}>
              <strong>{ballot.label}</strong> — {t(`channels.${ballot.channel}`)} · {t("offline:marked", { count: ballot.votes.length })} ·{" "}
              {t("offline:enteredBy")}: {ballot.entered_by?.display_name ?? "—"}{" "}
              <button
                type="button"
                className="link-button"
                aria-label={t("offline:removeBallotLabel", { label: ballot.label })}
                onClick={() => window.confirm(t("offline:removeConfirm")) && remove.mutate({ id: ballot.id, label: ballot.label })}
              >
                {t("offline:remove")}
              </button>
            </li>
          ))}
        </ul>
      )}
      {remove.isError && <ErrorMessage error={remove.error} />}
    </section>
  );
}

export default function OfflineVotesPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t("offline:title"));
  const [params] = useSearchParams();
  const processes = useProcesses();
  const open = processes.data?.filter((p) => p.allowed_actions.includes("proxy_entry")) ?? [];
  const [processId, setProcessId] = useState<string>(params.get("process") ?? "");
  const chosen = open.find((p) => String(p.id) === processId) ?? open[0];
  const proposals = useQuery({
    queryKey: ["proposals", chosen?.id, "ballot"],
    queryFn: () => offlineApi.allProposals(chosen!.id),
    enabled: !!chosen,
  });
  return (
    <div className="narrow">
      <h1>{t("offline:title")}</h1>
      <p>{t("offline:intro")}</p>
      {processes.isPending && <Loading />}
      {processes.isError && <ErrorMessage error={processes.error} />}
      {processes.data && open.length === 0 && <p>{t("offline:noProcess")}</p>}
      {chosen && (
        <Field id="offline-process" label={t("offline:process")} required>
          {(props) => (
            <select {...props} className="select" value={String(chosen.id)} onChange={(e) => setProcessId(e.target.value)}>
              {open.map((p) => (
                <option key={p.id} value={p.id}>
                  {processTitle(p, i18n.language)}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {proposals.isPending && chosen && <Loading />}
      {proposals.isError && <ErrorMessage error={proposals.error} />}
      {chosen && proposals.data && (
        <>
          <TallySheets key={`s${chosen.id}`} processId={chosen.id} proposals={proposals.data} />
          <Ballots key={`b${chosen.id}`} processId={chosen.id} proposals={proposals.data} />
        </>
      )}
    </div>
  );
}
