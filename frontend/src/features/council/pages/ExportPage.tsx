/**
 * 報告資料の出力: the co-creation summary for the council (PDF, Word, Markdown), open data
 * (CSV, JSON) and the public-comment table, made as jobs: start, watch progress, download.
 */
import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { useProcesses } from "../../../shared/api/queries";
import { ErrorMessage, LiveMessage, Loading } from "../../../shared/components/Feedback";
import { formatDateTime, locale, processTitle } from "../../../shared/components/format";
import { usePageTitle } from "../../../shared/layout/usePageTitle";
import { planning } from "../../../shared/api/planEndpoints";
import { EXPORT_ERAS, EXPORT_FORMATS, type ExportEra, type ExportFormat, type ExportJob } from "../../../shared/api/planTypes";
import { POLL_MS } from "../../planning/usePlanning";
import "../i18n";
import "../../planning/plan.css";
import { TableRegion } from "../../../shared/components/TableRegion";
import { StateBadge, jobTone } from "../../../shared/components/StateBadge";

const active = (job: ExportJob) => job.status === "queued" || job.status === "running";
const KNOWN_STATUS = ["queued", "running", "succeeded", "failed"];

/** "49.3 KB" in the UI language's number format. */
export function fileSize(bytes: number, language: string): string {
  const units = ["B", "KB", "MB", "GB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${new Intl.NumberFormat(locale(language), { maximumFractionDigits: unit ? 1 : 0 }).format(value)} ${units[unit]}`;
}

function JobStatus({ job }: { job: ExportJob }) {
  const { t, i18n } = useTranslation();
  const format = t(`council:exports.format.${job.format}`, { defaultValue: job.format });
  return (
    <div className="export-job">
      <p>
        <StateBadge tone={jobTone(job.status)}>{KNOWN_STATUS.includes(job.status) ? t(`council:exports.status.${job.status}`) : job.status}</StateBadge>{" "}
        {format}
      </p>
      {active(job) && (
        <>
          <p id={`export-${job.id}-label`} className="small">
            {t("shared:runs.progressLabel", { percent: job.progress })}
          </p>
          <progress className="progress" max={100} value={job.progress} aria-labelledby={`export-${job.id}-label`} />
        </>
      )}
      {job.status === "succeeded" && job.download_url && (
        <p>
          <a className="button button--primary" href={job.download_url} download={job.filename ?? true}>
            {t("council:exports.download", { format })}
          </a>{" "}
          <span className="small">
            {job.filename} {job.size !== null && `(${fileSize(job.size, i18n.language)})`}
          </span>
        </p>
      )}
      {job.status === "failed" && (
        <div className="notice notice--error">
          <p>{t("council:exports.failed")}</p>
          {job.error && (
            <details>
              <summary>{t("shared:runs.technical")}</summary>
              <p className="small break">{job.error}</p>
            </details>
          )}
        </div>
      )}
    </div>
  );
}

function Exporter({ processId }: { processId: number }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [format, setFormat] = useState<ExportFormat>("summary-pdf");
  const [era, setEra] = useState<ExportEra>("western");
  const [jobId, setJobId] = useState<number>();
  const [message, setMessage] = useState<string>();
  const jobs = useQuery({
    queryKey: ["exports", processId],
    queryFn: () => planning.exports(processId),
    refetchInterval: (query) => (query.state.data?.some(active) ? POLL_MS : false),
  });
  const job = useQuery({
    queryKey: ["export", jobId],
    queryFn: () => planning.exportJob(jobId!),
    enabled: !!jobId,
    refetchInterval: (query) => {
      const data = query.state.data;
      if (data && !active(data)) {
        void client.invalidateQueries({ queryKey: ["exports", processId] });
        return false;
      }
      return POLL_MS;
    },
  });
  const start = useMutation({
    mutationFn: () => planning.startExport(processId, format, era),
    onSuccess: (created) => {
      client.setQueryData(["export", created.id], created);
      setJobId(created.id);
      setMessage(t("council:exports.started"));
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    start.mutate();
  };
  const current = job.data;
  const done = current && !active(current) ? current : undefined;
  return (
    <>
      <LiveMessage message={done ? t(done.status === "succeeded" ? "council:exports.ready" : "council:exports.failed") : message} />
      <div className="plan-grid">
        <form className="panel plan-form" onSubmit={submit} aria-labelledby="export-form-title">
          <h2 id="export-form-title">{t("council:exports.formTitle")}</h2>
          <fieldset className="fieldset">
            <legend>{t("council:exports.formats")}</legend>
            {EXPORT_FORMATS.map((f) => (
              <label key={f} className="radio radio--top">
                <input type="radio" name="export-format" value={f} checked={format === f} onChange={() => setFormat(f)} />
                <span>
                  {t(`council:exports.format.${f}`)}
                  <span className="small block">{t(`council:exports.formatHelp.${f}`)}</span>
                </span>
              </label>
            ))}
          </fieldset>
          {format.startsWith("summary-") && (
            <fieldset className="fieldset">
              <legend>{t("council:exports.era")}</legend>
              {EXPORT_ERAS.map((e) => (
                <label key={e} className="radio">
                  <input type="radio" name="export-era" value={e} checked={era === e} onChange={() => setEra(e)} />
                  <span>{t(`council:exports.eras.${e}`)}</span>
                </label>
              ))}
            </fieldset>
          )}
          {start.isError && <ErrorMessage error={start.error} />}
          <button type="submit" className="button button--primary" disabled={start.isPending || (!!current && active(current))}>
            {t("council:exports.start")}
          </button>
        </form>
        <section className="panel panel--accent" aria-labelledby="export-current">
          <h2 id="export-current">{t("council:exports.current")}</h2>
          {current ? <JobStatus job={current} /> : <p className="empty">{t("council:exports.noCurrent")}</p>}
          {job.isError && <ErrorMessage error={job.error} />}
        </section>
      </div>
      <h2>{t("council:exports.recent")}</h2>
      {jobs.isPending && <Loading />}
      {jobs.isError && <ErrorMessage error={jobs.error} onRetry={() => void jobs.refetch()} />}
      {jobs.data?.length === 0 && <p className="empty">{t("council:exports.none")}</p>}
      {jobs.data && jobs.data.length > 0 && (
        <TableRegion label={t("council:exports.recent")}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("council:exports.colFormat")}</th>
                <th scope="col">{t("council:exports.colStatus")}</th>
                <th scope="col">{t("council:exports.colCreated")}</th>
                <th scope="col">{t("council:exports.colFile")}</th>
              </tr>
            </thead>
            <tbody>
              {jobs.data.map((j) => (
                <tr key={j.id}>
                  <th scope="row">{t(`council:exports.format.${j.format}`, { defaultValue: j.format })}</th>
                  <td>{KNOWN_STATUS.includes(j.status) ? t(`council:exports.status.${j.status}`) : j.status}</td>
                  <td>{formatDateTime(j.created_at, i18n.language)}</td>
                  <td>
                    {j.status === "succeeded" && j.download_url ? (
                      <a href={j.download_url} download={j.filename ?? true}>
                        {j.filename}
                        {j.size !== null && ` (${fileSize(j.size, i18n.language)})`}
                      </a>
                    ) : (
                      "—"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      <PublicFiles processId={processId} />
    </>
  );
}

function PublicFiles({ processId }: { processId: number }) {
  const { t } = useTranslation();
  const files = useQuery({ queryKey: ["public-exports", processId], queryFn: () => planning.publicExports(processId) });
  return (
    <section aria-labelledby="public-files">
      <h2 id="public-files">{t("council:exports.publicTitle")}</h2>
      <p>{t("council:exports.publicIntro")}</p>
      {files.isError && <ErrorMessage error={files.error} />}
      <ul>
        {(files.data ?? []).map((f) => (
          <li key={f.format}>
            {f.available && f.download_url ? (
              <a href={f.download_url} download>
                {t(`council:exports.format.${f.format}`, { defaultValue: f.label })}
              </a>
            ) : (
              <>
                {t(`council:exports.format.${f.format}`, { defaultValue: f.label })}{" "}
                <span className="small">{t("council:exports.notPublic")}</span>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

export default function ExportPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t("council:exports.title"));
  const [params, setParams] = useSearchParams();
  const processes = useProcesses();
  const fallback = [...(processes.data ?? [])].sort((a, b) => b.proposal_count - a.proposal_count)[0]?.id;
  const processId = Number(params.get("process")) || fallback;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/council">{t("nav.council")}</Link>
      </p>
      <h1>{t("council:exports.title")}</h1>
      <p>{t("council:exports.intro")}</p>
      {processes.isPending && <Loading />}
      {processes.isError && <ErrorMessage error={processes.error} onRetry={() => void processes.refetch()} />}
      {processes.data && processId && (
        <>
          <div className="inline-form">
            <label htmlFor="export-process" className="field__label">
              {t("council:process")}
            </label>
            <select
              id="export-process"
              className="select select--small"
              value={processId}
              onChange={(e) => setParams({ process: e.target.value }, { replace: true })}
            >
              {processes.data.map((p) => (
                <option key={p.id} value={p.id}>
                  {processTitle(p, i18n.language)}
                </option>
              ))}
            </select>
          </div>
          <Exporter key={processId} processId={processId} />
        </>
      )}
    </>
  );
}
