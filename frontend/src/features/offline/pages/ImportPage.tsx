/**
 * 「過去の意見募集を取り込む」: upload an earlier consultation's file, check the detected format
 * and the column chosen for each field against a preview of the first rows, name the new
 * process, and import: all rows or none (the problems are listed per row, as in the bulk import).
 */
import { useRef, useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ApiError } from "../../../shared/api/client";
import { ErrorMessage, LiveMessage } from "../../../shared/components/Feedback";
import { Field } from "../../../shared/components/Field";
import { usePageTitle } from "../../../shared/layout/usePageTitle";
import {
  IMPORT_FORMATS,
  MAPPED_FIELDS,
  importsApi,
  type ColumnMapping,
  type ImportFormat,
  type ImportPreview,
} from "../importsApi";
import "../i18n/imports";
import { RefusedRows, refusedRows } from "../components/RefusedRows";
import { TableRegion } from "../../../shared/components/TableRegion";

const CELL_CHARS = 80;
const shortened = (cell: string) => (cell.length > CELL_CHARS ? `${cell.slice(0, CELL_CHARS - 1)}…` : cell);

/** Why a file was refused: the server's own words (what to do with this very file), after a
 * Japanese lead; a file over the limit in the page's own words. */
function FileProblem({ error }: { error: unknown }) {
  const { t, i18n } = useTranslation();
  if (!(error instanceof ApiError) || (error.status !== 422 && error.status !== 413)) return <ErrorMessage error={error} />;
  const detail = typeof error.problem.detail === "string" ? error.problem.detail : "";
  return (
    <div className="notice notice--error" role="alert">
      <p>{error.status === 413 ? t("imports:tooLarge") : t("imports:unreadable")}</p>
      {error.status === 422 && detail && <p lang={i18n.language === "ja" && !/[ぁ-んァ-ン一-龯]/.test(detail) ? "en" : undefined}>{detail}</p>}
    </div>
  );
}

export default function ImportPage() {
  const { t } = useTranslation();
  usePageTitle(t("imports:title"));
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [votes, setVotes] = useState<File | null>(null);
  const [missingFile, setMissingFile] = useState(false);
  const [mapping, setMapping] = useState<ColumnMapping | null>(null);
  const [titleJa, setTitleJa] = useState("");
  const [titleEn, setTitleEn] = useState("");
  const [source, setSource] = useState("");
  const [problems, setProblems] = useState<{ title?: string; text?: string }>({});
  const status = useRef<HTMLParagraphElement>(null);
  const focusStatus = () => setTimeout(() => status.current?.focus(), 0);

  const preview = useMutation({
    mutationFn: ({ format }: { format?: ImportFormat }) => importsApi.preview(file!, votes, format),
    onSuccess: (shown: ImportPreview) => {
      setMapping(shown.mapping);
      commit.reset();
    },
    onSettled: focusStatus,
  });
  const shown = preview.data;
  const commit = useMutation({
    mutationFn: () =>
      importsApi.commit(file!, shown?.takes_votes ? votes : null, {
        title_ja: titleJa.trim(),
        title_en: titleEn.trim(),
        format: shown!.format,
        mapping: { ...mapping!, text: mapping!.text ?? "" },
        source: source.trim(),
      }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ["processes"] }),
    onSettled: focusStatus,
  });

  const read = (event: FormEvent) => {
    event.preventDefault();
    setMissingFile(!file);
    if (file) preview.mutate({});
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = {
      title: titleJa.trim() ? undefined : t("imports:needTitle"),
      text: mapping?.text ? undefined : t("imports:needText"),
    };
    setProblems(found);
    if (found.title) document.getElementById("import-title-ja")?.focus();
    else if (found.text) document.getElementById("import-field-text")?.focus();
    else commit.mutate();
  };
  const refused = refusedRows(commit.error);
  const done = commit.data;

  return (
    <div className="page">
      <h1>{t("imports:title")}</h1>
      <p>{t("imports:intro")}</p>

      <section aria-labelledby="import-file-step" className="panel">
        <h2 id="import-file-step">{t("imports:fileStep")}</h2>
        <form onSubmit={read} noValidate className="form">
          <Field id="import-file" label={t("imports:file")} hint={t("imports:fileHint")} required
            error={missingFile ? t("imports:chooseFile") : undefined}>
            {(props) => (
              <input {...props} type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                onChange={(e) => { setFile(e.target.files?.[0] ?? null); setMissingFile(false); }} />
            )}
          </Field>
          <Field id="import-votes" label={t("imports:votesFile")} hint={t("imports:votesHint")}>
            {(props) => (
              <input {...props} type="file" accept=".csv,text/csv"
                onChange={(e) => setVotes(e.target.files?.[0] ?? null)} />
            )}
          </Field>
          <div className="button-row">
            <button type="submit" className="button button--primary" disabled={preview.isPending}>
              {preview.isPending ? t("imports:reading") : t("imports:read")}
            </button>
          </div>
        </form>
        {preview.isError && (
          <div ref={status} tabIndex={-1}>
            <FileProblem error={preview.error} />
          </div>
        )}
      </section>

      {shown && mapping && !preview.isError && (
        <form onSubmit={submit} noValidate className="form">
          <section aria-labelledby="import-mapping-step" className="panel">
            <h2 id="import-mapping-step">{t("imports:mappingStep")}</h2>
            <p ref={done || refused ? undefined : status} tabIndex={-1}>
              {t("imports:detected", {
                filename: shown.filename,
                format: t(`imports:formats.${shown.format}`),
                count: shown.row_count,
                encoding: shown.encoding,
              })}
            </p>
            {shown.votes && <p>{t("imports:votesRead", { filename: shown.votes.filename, count: shown.votes.rows })}</p>}
            <Field id="import-format" label={t("imports:format")}>
              {(props) => (
                <select {...props} value={shown.format}
                  onChange={(e) => preview.mutate({ format: e.target.value as ImportFormat })}>
                  {IMPORT_FORMATS.map((format) => (
                    <option key={format} value={format}>{t(`imports:formats.${format}`)}</option>
                  ))}
                </select>
              )}
            </Field>
            {MAPPED_FIELDS.map((field) => (
              <Field key={field} id={`import-field-${field}`} label={t(`imports:fields.${field}`)}
                hint={t(`imports:fieldHints.${field}`)} required={field === "text"}
                error={field === "text" ? problems.text : undefined}>
                {(props) => (
                  <select {...props} value={mapping[field] ?? ""}
                    onChange={(e) => setMapping({ ...mapping, [field]: e.target.value || null })}>
                    <option value="">{t("imports:noColumn")}</option>
                    {shown.columns.map((column) => (
                      <option key={column} value={column}>{column}</option>
                    ))}
                  </select>
                )}
              </Field>
            ))}
            <TableRegion label={t("imports:previewCaption", { count: shown.rows.length })}>
              <table className="table">
                <caption>{t("imports:previewCaption", { count: shown.rows.length })}</caption>
                <thead>
                  <tr>
                    {shown.columns.map((column) => (
                      <th key={column} scope="col">
                        {column}
                        {MAPPED_FIELDS.filter((f) => mapping[f] === column).map((f) => (
                          <span key={f} className="badge">{t(`imports:fields.${f}`)}</span>
                        ))}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {shown.rows.map((row, i) => (
                    <tr key={i}>
                      {row.map((cell, j) => <td key={j}>{shortened(cell)}</td>)}
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableRegion>
          </section>

          <section aria-labelledby="import-process-step" className="panel">
            <h2 id="import-process-step">{t("imports:processStep")}</h2>
            <Field id="import-title-ja" label={t("imports:titleJa")} required error={problems.title}>
              {(props) => <input {...props} type="text" maxLength={200} value={titleJa} onChange={(e) => setTitleJa(e.target.value)} />}
            </Field>
            <Field id="import-title-en" label={t("imports:titleEn")}>
              {(props) => <input {...props} type="text" maxLength={200} value={titleEn} onChange={(e) => setTitleEn(e.target.value)} />}
            </Field>
            <Field id="import-source" label={t("imports:source")} hint={t("imports:sourceHint")}>
              {(props) => <input {...props} type="text" maxLength={500} value={source} onChange={(e) => setSource(e.target.value)} />}
            </Field>
            <div className="button-row">
              <button type="submit" className="button button--primary" disabled={commit.isPending || Boolean(done)}>
                {commit.isPending ? t("imports:committing") : t("imports:commit")}
              </button>
            </div>
          </section>
        </form>
      )}

      <LiveMessage message={done ? t("imports:done", { count: done.proposals }) : undefined} />
      {done && (
        <div className="notice">
          <p ref={status} tabIndex={-1}>{t("imports:done", { count: done.proposals })}</p>
          {done.hidden > 0 && <p>{t("imports:doneHidden", { count: done.hidden })}</p>}
          {done.votes > 0 && <p>{t("imports:doneVotes", { votes: done.votes, participants: done.participants })}</p>}
          <p>
            <Link to={`/processes/${done.process_id}`}>{t("imports:open")}</Link>{" "}
            <Link to={`/planner/plan/${done.process_id}/runs`}>{t("imports:analyse")}</Link>
          </p>
        </div>
      )}
      {refused && (
        <RefusedRows
          refused={refused}
          ns="imports"
          lead={t("imports:refused", { count: refused.total })}
          leadRef={status}
          fileName={shown?.filename ?? ""}
        />
      )}
      {commit.isError && !refused && (
        <div ref={status} tabIndex={-1}>
          <FileProblem error={commit.error} />
        </div>
      )}
    </div>
  );
}
