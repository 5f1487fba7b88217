/** Proxy entry of proposals received on paper, at meetings or by phone. */
import "../i18n/proxy";
import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { fieldProblems } from "../../../shared/api/client";
import { endpoints, fileLinks } from "../../../shared/api/endpoints";
import { useProcesses } from "../../../shared/api/queries";
import { AGE_BANDS, CHANNELS, type AgeBand, type ProxyChannel } from "../../../shared/api/types";
import { ErrorMessage, Loading } from "../../../shared/components/Feedback";
import { Field } from "../../../shared/components/Field";
import { SendForm } from "../../../shared/components/SendForm";
import {
  emptyDraft,
  focusFirstProblem,
  ProposalFields,
  type ProposalDraft,
  type ProposalField,
} from "../../proposals/components/ProposalFields";
import { processTitle } from "../../../shared/components/format";
import { usePageTitle } from "../../../shared/layout/usePageTitle";
import { hasProblems, parseTags, validateProposal, type Problems } from "../../../shared/validation";
import { OfflineImport } from "../components/OfflineImport";

/** Today in Japan (YYYY-MM-DD), the latest 受付日 the server accepts. */
export function todayInJapan(now: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Tokyo" }).format(now);
}

export default function ProxyEntryPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t("proxy:title"));
  const [params] = useSearchParams();
  const client = useQueryClient();
  const processes = useProcesses();
  const open = processes.data?.filter((p) => p.allowed_actions.includes("proxy_entry")) ?? [];
  const [processId, setProcessId] = useState<string>(params.get("process") ?? "");
  const [channel, setChannel] = useState<ProxyChannel>("paper");
  const [submitter, setSubmitter] = useState("");
  const [ageBand, setAgeBand] = useState<AgeBand | "">("");
  const [receivedOn, setReceivedOn] = useState(todayInJapan);
  const [draft, setDraft] = useState<ProposalDraft>(emptyDraft);
  const [problems, setProblems] = useState<Problems<ProposalField>>({});
  const [message, setMessage] = useState<string>();
  const chosen = open.find((p) => String(p.id) === processId) ?? open[0];
  const channels = CHANNELS.filter((c) => chosen?.channels.includes(c) ?? true);
  const entryChannel = channels.includes(channel) ? channel : (channels[0] ?? channel);

  const save = useMutation({
    mutationFn: () =>
      endpoints.createProxyProposal(chosen!.id, {
        title: draft.title.trim(),
        body: draft.body.trim(),
        district_code: draft.district_code || null,
        tags: parseTags(draft.tags),
        channel: entryChannel,
        received_on: receivedOn || undefined,
        submitter_name: submitter.trim() || null,
        submitter_age_band: ageBand || null,
      }),
    onSuccess: (proposal) => {
      void client.invalidateQueries({ queryKey: ["proposals", proposal.process_id] });
      void client.invalidateQueries({ queryKey: ["processes"] });
      setMessage(
        `${t("proxy:done", { title: proposal.title })} ${t("proxy:saved", { number: proposal.reference_number })} ${t("proxy:another")}`,
      );
      setDraft(emptyDraft);
      setSubmitter("");
      setAgeBand("");
      document.getElementById("proxy-title")?.focus();
    },
    onError: (error) => {
      const found = fieldProblems(error, t) as Problems<ProposalField>;
      setProblems(found);
      focusFirstProblem("proxy", found);
    },
  });
  const submit = () => {
    setMessage(undefined);
    const found = validateProposal(draft, { districtOptional: true });
    setProblems(found);
    if (hasProblems(found)) {
      focusFirstProblem("proxy", found);
      return;
    }
    save.mutate();
  };

  return (
    <div className="narrow">
      <h1>{t("proxy:title")}</h1>
      <p>{t("proxy:intro")}</p>
      {processes.isPending && <Loading />}
      {processes.isError && <ErrorMessage error={processes.error} />}
      {processes.data && open.length === 0 && <p>{t("proxy:noProcess")}</p>}
      {chosen && (
        <SendForm
          request={save}
          onSubmit={submit}
          submitLabel={t("proxy:submit")}
          sendingLabel={t("proxy:submitting")}
          done={message}
          // the fields say what the server refused in them
          failure={hasProblems(fieldProblems(save.error, t)) ? null : undefined}
        >
          <Field id="proxy-process" label={t("proxy:process")} required>
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
          <fieldset className="fieldset">
            <legend>{t("proxy:channel")}</legend>
            {channels.map((value) => (
              <div className="radio" key={value}>
                <input
                  type="radio"
                  id={`proxy-channel-${value}`}
                  name="channel"
                  checked={entryChannel === value}
                  onChange={() => setChannel(value)}
                />
                <label htmlFor={`proxy-channel-${value}`}>{t(`channels.${value}`)}</label>
              </div>
            ))}
          </fieldset>
          <Field id="proxy-received" label={t("proxy:receivedOn")} hint={t("proxy:receivedOnHint")} required>
            {(props) => (
              <input
                {...props}
                type="date"
                className="input"
                max={todayInJapan()}
                value={receivedOn}
                onChange={(e) => setReceivedOn(e.target.value)}
              />
            )}
          </Field>
          <Field id="proxy-submitter" label={t("proxy:submitterName")} hint={t("proxy:submitterNameHint")}>
            {(props) => (
              <input {...props} className="input" maxLength={80} value={submitter} onChange={(e) => setSubmitter(e.target.value)} />
            )}
          </Field>
          <Field id="proxy-age" label={t("proxy:submitterAge")}>
            {(props) => (
              <select {...props} className="select" value={ageBand} onChange={(e) => setAgeBand(e.target.value as AgeBand | "")}>
                <option value="">{t("profile.none")}</option>
                {AGE_BANDS.map((band) => (
                  <option key={band} value={band}>
                    {t(`ageBands.${band}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <ProposalFields idPrefix="proxy" draft={draft} onChange={setDraft} problems={problems} districtOptional />
        </SendForm>
      )}
      {chosen && message && save.data && (
        <p>
          {t("proxy:referenceLabel")}: <strong className="reference">{save.data.reference_number}</strong>{" "}
          <Link to={`/proposals/${save.data.id}`}>{save.data.title}</Link>
        </p>
      )}
      {chosen && <OfflineImport key={chosen.id} processId={chosen.id} />}
      {chosen && (
        <section aria-labelledby="paper-forms-title" className="panel">
          <h2 id="paper-forms-title">{t("proxy:paperForms")}</h2>
          <ul>
            <li>
              <a href={fileLinks.paperForm(chosen.id)}>
                {t("process.paperForm")}
              </a>
            </li>
            <li>
              <a href={fileLinks.paperForm(chosen.id, "large")}>
                {t("process.paperFormLarge")}
              </a>
            </li>
          </ul>
        </section>
      )}
    </div>
  );
}
