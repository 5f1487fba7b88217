/**
 * 本人確認 (/planner/verification, planners and admins): postcard codes — paste or upload an
 * address list, get the A4 PDF of postcards to mail (the only copy of the codes; the addresses
 * are not kept) — and counter verification: find a resident and mark them 「窓口で確認済み」.
 * A lazily loaded staff chunk with its own messages.
 */
import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, get, post } from "../../../shared/api/client";
import type { Schemas } from "../../../shared/api/openapi";
import { ErrorMessage, LiveMessage, Loading } from "../../../shared/components/Feedback";
import { Field } from "../../../shared/components/Field";
import { SendForm } from "../../../shared/components/SendForm";
import { usePageTitle } from "../../../shared/layout/usePageTitle";
import "../i18n";
import { TableRegion } from "../../../shared/components/TableRegion";

type Batch = Schemas["BatchOut"];

type Resident = Schemas["VerifiedUser"];

interface Address {
  name: string;
  postal_code: string;
  address: string;
}


/** 「氏名,郵便番号,住所」 lines → addresses; the number of the first line lacking a name or address. */
function parseLines(text: string): { addresses: Address[]; badLine?: number } {
  const addresses: Address[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].trim()) continue;
    const [name = "", postal = "", ...rest] = lines[i].split(/[,，\t]/).map((part) => part.trim());
    const address = rest.join(" ").trim();
    if (!name || !address) return { addresses, badLine: i + 1 };
    addresses.push({ name, postal_code: postal, address });
  }
  return { addresses };
}

function PostcardBatches() {
  const { t, i18n: { language } } = useTranslation();
  const client = useQueryClient();
  const batches = useQuery({ queryKey: ["postcard-batches"], queryFn: () => get<Batch[]>("/verification/postcard-batches") });
  const [label, setLabel] = useState("");
  const [days, setDays] = useState("");
  const [lines, setLines] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string>();
  const [pdf, setPdf] = useState<{ url: string; id: number; count: number }>();
  const make = useMutation({
    mutationFn: async (addresses: Address[]) => {
      const validDays = days ? Number(days) : undefined;
      if (file) {
        const form = new FormData();
        form.append("file", file);
        form.append("label", label);
        if (validDays) form.append("valid_days", String(validDays));
        return api<Blob>("POST", "/verification/postcard-batches/file", { body: form, blob: true });
      }
      return api<Blob>("POST", "/verification/postcard-batches", { body: { addresses, label, valid_days: validDays }, blob: true });
    },
    onSuccess: async (blob) => {
      // the new batch is the newest: read the list again, whatever the cache holds
      const list = await client.fetchQuery({ queryKey: ["postcard-batches"], queryFn: () => get<Batch[]>("/verification/postcard-batches"), staleTime: 0 });
      if (pdf) URL.revokeObjectURL(pdf.url);
      setPdf({ url: URL.createObjectURL(blob), id: list[0]?.id ?? 0, count: list[0]?.code_count ?? 0 });
      setLines("");
    },
  });
  const submit = () => {
    const { addresses, badLine } = parseLines(lines);
    if (badLine) return setProblem(t("verification:staff.badLine", { line: badLine }));
    if (!file && addresses.length === 0) return setProblem(t("verification:staff.noAddresses"));
    setProblem(undefined);
    make.mutate(addresses);
  };
  const day = (iso: string) => new Date(iso).toLocaleDateString(language === "en" ? "en-GB" : "ja-JP", { timeZone: "Asia/Tokyo" });
  return (
    <section aria-labelledby="postcards-title">
      <h2 id="postcards-title">{t("verification:staff.postcardsTitle")}</h2>
      <p>{t("verification:staff.postcardsIntro")}</p>
      <SendForm
        request={make}
        onSubmit={submit}
        submitLabel={t("verification:staff.create")}
        sendingLabel={t("verification:staff.creating")}
        done={pdf ? t("verification:staff.created", { count: pdf.count }) : undefined}
      >
        <Field id="batch-label" label={t("verification:staff.label")} hint={t("verification:staff.labelHint")}>
          {(props) => <input {...props} className="input" maxLength={120} value={label} onChange={(e) => setLabel(e.target.value)} />}
        </Field>
        <Field id="batch-days" label={t("verification:staff.validDays")} hint={t("verification:staff.validDaysHint")}>
          {(props) => <input {...props} className="input" type="number" min={1} max={365} inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} />}
        </Field>
        <Field id="batch-addresses" label={t("verification:staff.addresses")} hint={t("verification:staff.addressesHint")} error={problem}>
          {(props) => <textarea {...props} className="textarea" rows={6} value={lines} onChange={(e) => setLines(e.target.value)} />}
        </Field>
        <Field id="batch-file" label={t("verification:staff.file")}>
          {(props) => (
            <input {...props} type="file" accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          )}
        </Field>
      </SendForm>
      {pdf && (
        <p>
          <a className="button" href={pdf.url} download={`postcards-${pdf.id}.pdf`}>
            {t("verification:staff.download", { id: pdf.id })}
          </a>
        </p>
      )}
      <h3>{t("verification:staff.batchesTitle")}</h3>
      {batches.isPending && <Loading />}
      {batches.isError && <ErrorMessage error={batches.error} onRetry={() => void batches.refetch()} />}
      {batches.data?.length === 0 && <p>{t("verification:staff.noBatches")}</p>}
      {batches.data && batches.data.length > 0 && (
        <TableRegion label={t("verification:staff.batchesTitle")}>
          <table className="table">
            <thead>
              <tr>
                {(["label", "created", "expires", "count", "used", "by"] as const).map((c) => (
                  <th scope="col" key={c}>{t(`verification:staff.columns.${c}`)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {batches.data.map((b) => (
                <tr key={b.id}>
                  <td>{b.label || `#${b.id}`}</td>
                  <td>{day(b.created_at)}</td>
                  <td>{day(b.expires_at)}</td>
                  <td>{b.code_count}</td>
                  <td>{b.used_count}</td>
                  <td>{b.created_by ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
    </section>
  );
}

function CounterVerification() {
  const { t } = useTranslation();
  const [q, setQ] = useState("");
  const [asked, setAsked] = useState("");
  const [note, setNote] = useState("");
  const [message, setMessage] = useState<string>();
  const found = useQuery({
    queryKey: ["verification-residents", asked],
    queryFn: () => get<Resident[]>("/verification/users", { q: asked }),
    enabled: asked !== "",
  });
  const change = useMutation({
    mutationFn: ({ person, revoke }: { person: Resident; revoke: boolean }) =>
      post<Resident>(`/verification/users/${person.id}/${revoke ? "revoke" : "counter"}`, { note }),
    onSuccess: (person, { revoke }) => {
      setMessage(t(revoke ? `verification:staff.revoked` : `verification:staff.marked`, { name: person.display_name }));
      setNote("");
      void found.refetch();
    },
  });
  const search = (event: FormEvent) => {
    event.preventDefault();
    setMessage(undefined);
    setAsked(q.trim());
  };
  return (
    <section aria-labelledby="counter-title">
      <h2 id="counter-title">{t("verification:staff.counterTitle")}</h2>
      <p>{t("verification:staff.counterIntro")}</p>
      <form onSubmit={search} className="form" role="search">
        <Field id="counter-search" label={t("verification:staff.search")}>
          {(props) => <input {...props} className="input" type="search" maxLength={100} value={q} onChange={(e) => setQ(e.target.value)} />}
        </Field>
        <div className="button-row">
          <button type="submit" className="button">{t("verification:staff.searchButton")}</button>
        </div>
      </form>
      <Field id="counter-note" label={t("verification:staff.note")} hint={t("verification:staff.noteHint")}>
        {(props) => <input {...props} className="input" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      {found.isFetching && <Loading />}
      {found.isError && <ErrorMessage error={found.error} />}
      {change.isError && <ErrorMessage error={change.error} />}
      <LiveMessage message={message} />
      {found.data?.length === 0 && <p>{t("verification:staff.noResidents")}</p>}
      {found.data && found.data.length > 0 && (
        <ul className="plain-list">
          {found.data.map((person) => (
            <li key={person.id}>
              <p>
                <strong>{person.display_name}</strong>（{person.email}）— {t("verification:staff.level")}：{t(`verification:staff.levels.${person.level}`)}
              </p>
              <div className="button-row">
                {person.level !== "counter" && (
                  <button type="button" className="button button--primary" disabled={change.isPending}
                    aria-label={t("verification:staff.mark", { name: person.display_name })}
                    onClick={() => change.mutate({ person, revoke: false })}>
                    {t("verification:staff.markShort")}
                  </button>
                )}
                {(person.level === "postcard" || person.level === "counter") && (
                  <button type="button" className="button button--secondary" disabled={change.isPending}
                    aria-label={t("verification:staff.revoke", { name: person.display_name })}
                    onClick={() => change.mutate({ person, revoke: true })}>
                    {t("verification:staff.revokeShort")}
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export default function VerificationPage() {
  const { t } = useTranslation();
  usePageTitle(t("verification:staff.title"));
  return (
    <div className="narrow">
      <h1>{t("verification:staff.title")}</h1>
      <p>{t("verification:staff.intro")}</p>
      <PostcardBatches />
      <CounterVerification />
    </div>
  );
}
