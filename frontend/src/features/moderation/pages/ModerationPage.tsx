/** Moderation queue: reports with hide / restore (with a reason) and resolve. */
import "../i18n";
import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { endpoints } from "../../../shared/api/endpoints";
import type { Report } from "../../../shared/api/types";
import { MoreButton, useCursorPages } from "../../../shared/components/CursorPages";
import { ErrorMessage, LiveMessage, Loading } from "../../../shared/components/Feedback";
import { Field } from "../../../shared/components/Field";
import { formatDateTime } from "../../../shared/components/format";
import { usePageTitle } from "../../../shared/layout/usePageTitle";
import { LIMITS, requiredText, type Problem } from "../../../shared/validation";

type Action = "hide" | "restore" | "resolve";

function ReportItem({ report, onDone }: { report: Report; onDone: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [reason, setReason] = useState("");
  const [problem, setProblem] = useState<Problem>();
  const target = report.target_type === "comment" ? "comments" : "proposals";
  const act = useMutation({
    mutationFn: (action: Action): Promise<unknown> =>
      action === "resolve"
        ? endpoints.resolveReport(report.id)
        : action === "hide"
          ? endpoints.hide(target, report.target_id, reason.trim())
          : endpoints.restore(target, report.target_id, reason.trim()),
    onSuccess: (_, action) => {
      void client.invalidateQueries({ queryKey: ["reports"] });
      void client.invalidateQueries({ queryKey: ["proposal"] });
      void client.invalidateQueries({ queryKey: ["comments"] });
      onDone(t(action === "hide" ? "moderation:hidden" : action === "restore" ? "moderation:restored" : "moderation:resolvedDone"));
    },
  });
  const run = (action: Action) => {
    if (action !== "resolve") {
      const found = requiredText(reason, "moderation:actionReason", LIMITS.reason);
      setProblem(found);
      if (found) {
        document.getElementById(`reason-${report.id}`)?.focus();
        return;
      }
    }
    act.mutate(action);
  };
  const headingId = `report-${report.id}`;
  return (
    <li className="card">
      <article aria-labelledby={headingId}>
        <h2 id={headingId} className="card__title">
          {t("moderation:reportLabel", { id: report.id })}: {t(`moderation:targetTypes.${report.target_type}`, { defaultValue: report.target_type })}
        </h2>
        <dl className="meta-list">
          <div>
            <dt>{t("moderation:reason")}</dt>
            <dd>{t(`reportReasons.${report.reason}`, { defaultValue: report.reason })}</dd>
          </div>
          <div>
            <dt>{t("moderation:reportedAt")}</dt>
            <dd>{formatDateTime(report.created_at, i18n.language)}</dd>
          </div>
          {report.note && (
            <div>
              <dt>{t("moderation:note")}</dt>
              <dd>{report.note}</dd>
            </div>
          )}
          {report.target_excerpt && (
            <div>
              <dt>{t("moderation:excerpt")}</dt>
              <dd>
                <blockquote className="excerpt">{report.target_excerpt}</blockquote>
              </dd>
            </div>
          )}
        </dl>
        {report.target_type === "proposal" && (
          <p>
            <Link to={`/proposals/${report.target_id}`}>{t("moderation:view")}</Link>
          </p>
        )}
        <Field
          id={`reason-${report.id}`}
          label={t("moderation:actionReason")}
          hint={t("moderation:actionReasonHint")}
          error={problem}
        >
          {(props) => (
            <input {...props} className="input" value={reason} onChange={(e) => setReason(e.target.value)} />
          )}
        </Field>
        <div className="button-row">
          <button type="button" className="button button--danger" disabled={act.isPending} onClick={() => run("hide")}>
            {t("moderation:hide")}
          </button>
          <button type="button" className="button button--secondary" disabled={act.isPending} onClick={() => run("restore")}>
            {t("moderation:restore")}
          </button>
          {report.status === "open" && (
            <button type="button" className="button button--secondary" disabled={act.isPending} onClick={() => run("resolve")}>
              {t("moderation:resolve")}
            </button>
          )}
        </div>
        {act.isError && <ErrorMessage error={act.error} />}
      </article>
    </li>
  );
}

export default function ModerationPage() {
  const { t } = useTranslation();
  usePageTitle(t("moderation:title"));
  const [status, setStatus] = useState<"open" | "resolved">("open");
  const [message, setMessage] = useState<string>();
  const { pages: reports, items } = useCursorPages(["reports", status, "pages"], (cursor) => endpoints.reports(status, cursor));
  return (
    <>
      <h1>{t("moderation:title")}</h1>
      <p>{t("moderation:intro")}</p>
      <fieldset className="fieldset fieldset--inline">
        <legend>{t("moderation:status")}</legend>
        {(["open", "resolved"] as const).map((value) => (
          <div className="radio" key={value}>
            <input
              type="radio"
              id={`status-${value}`}
              name="report-status"
              checked={status === value}
              onChange={() => setStatus(value)}
            />
            <label htmlFor={`status-${value}`}>{t(`moderation:${value}`)}</label>
          </div>
        ))}
      </fieldset>
      <LiveMessage message={message} />
      {reports.isPending && <Loading />}
      {reports.isError && <ErrorMessage error={reports.error} onRetry={() => void reports.refetch()} />}
      {reports.data && items.length === 0 && <p>{t("moderation:empty")}</p>}
      <ul className="card-list">
        {items.map((report) => (
          <ReportItem key={report.id} report={report} onDone={setMessage} />
        ))}
      </ul>
      <MoreButton pages={reports} />
    </>
  );
}
