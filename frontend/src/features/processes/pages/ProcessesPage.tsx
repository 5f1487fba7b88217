/**
 * 「プロセス」 (/planner/processes): every process with its phase, channels and state; filter by
 * archived or not; create, edit, archive (out of the public list, read-only) and restore, each
 * after a confirmation.
 */
import { useRef, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Process } from "../../../shared/api/types";
import { ErrorMessage, LiveMessage, Loading } from "../../../shared/components/Feedback";
import { formatDate } from "../../../shared/components/format";
import { usePageTitle } from "../../../shared/layout/usePageTitle";
import { setupApi, type ArchivedFilter } from "../api";
import { ConfirmDialog } from "../../../shared/components/ConfirmDialog";
import "../i18n";
import { TableRegion } from "../../../shared/components/TableRegion";

const FILTERS: ArchivedFilter[] = ["include", "exclude", "only"];

export default function ProcessesPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t("setup:processesTitle"));
  const client = useQueryClient();
  const heading = useRef<HTMLHeadingElement>(null);
  const [filter, setFilter] = useState<ArchivedFilter>("include");
  const [message, setMessage] = useState<string>();
  const [target, setTarget] = useState<Process | null>(null);
  const processes = useQuery({ queryKey: ["setup-processes", filter], queryFn: () => setupApi.processes(filter) });
  const toggle = useMutation({
    mutationFn: (process: Process) => (process.archived_at ? setupApi.restore(process.id) : setupApi.archive(process.id)),
    onSuccess: (saved) => {
      void client.invalidateQueries({ queryKey: ["setup-processes"] });
      void client.invalidateQueries({ queryKey: ["processes"] });
      client.setQueryData(["process", saved.id], saved);
      setTarget(null);
      setMessage(t(saved.archived_at ? "setup:archivedDone" : "setup:restoredDone", { title: saved.title_ja }));
      heading.current?.focus();
    },
  });
  const close = () => {
    setTarget(null);
    toggle.reset();
  };
  const archiving = target !== null && !target.archived_at;
  return (
    <div>
      <h1 ref={heading} tabIndex={-1}>
        {t("setup:processesTitle")}
      </h1>
      <p>{t("setup:processesIntro")}</p>
      <LiveMessage message={message} />
      <div className="button-row">
        <Link to="/planner/processes/new" className="button button--primary">
          {t("setup:newProcess")}
        </Link>
        <Link to="/planner/import" className="button button--secondary">
          {t("setup:importPast")}
        </Link>
        <Link to="/planner/districts" className="button button--secondary">
          {t("setup:districtsTitle")}
        </Link>
      </div>
      <div className="field">
        <label htmlFor="process-filter" className="field__label">
          {t("setup:filter")}
        </label>
        <select id="process-filter" className="select" value={filter} onChange={(e) => setFilter(e.target.value as ArchivedFilter)}>
          {FILTERS.map((value) => (
            <option key={value} value={value}>
              {t(`setup:filters.${value}`)}
            </option>
          ))}
        </select>
      </div>
      {processes.isPending && <Loading />}
      {processes.isError && <ErrorMessage error={processes.error} onRetry={() => void processes.refetch()} />}
      {processes.data && processes.data.length === 0 && <p>{t("setup:noProcesses")}</p>}
      {processes.data && processes.data.length > 0 && (
        <TableRegion label={t("setup:processesTitle")}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("setup:title")}</th>
                <th scope="col">{t("setup:phase")}</th>
                <th scope="col">{t("setup:channels")}</th>
                <th scope="col">{t("setup:state")}</th>
                <th scope="col">{t("setup:actions")}</th>
              </tr>
            </thead>
            <tbody>
              {processes.data.map((process) => {
                const title = i18n.language === "en" && process.title_en ? process.title_en : process.title_ja;
                return (
                  <tr key={process.id}>
                    <th scope="row">
                      <Link to={`/processes/${process.id}`}>{title}</Link>
                    </th>
                    <td>{t(`phases.${process.phase}`)}</td>
                    <td>{process.channels.map((c) => t(`channels.${c}`)).join(t("setup:listSeparator"))}</td>
                    <td>
                      {process.archived_at
                        ? t("setup:stateArchived", { date: formatDate(process.archived_at, i18n.language) })
                        : t("setup:stateOpen")}
                    </td>
                    <td>
                      <div className="button-row">
                        {!process.archived_at && (
                          <Link to={`/planner/processes/${process.id}/edit`} className="button button--small button--secondary"
                            aria-label={t("setup:editLabel", { title })}>
                            {t("setup:edit")}
                          </Link>
                        )}
                        <button type="button" className="button button--small button--ghost" onClick={() => setTarget(process)}
                          aria-label={t(process.archived_at ? "setup:restoreLabel" : "setup:archiveLabel", { title })}>
                          {t(process.archived_at ? "setup:restore" : "setup:archive")}
                        </button>
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableRegion>
      )}
      <ConfirmDialog
        open={target !== null}
        title={t(archiving ? "setup:archiveTitle" : "setup:restoreTitle", { title: target?.title_ja ?? "" })}
        confirmLabel={t(archiving ? "setup:archive" : "setup:restore")}
        onConfirm={() => target && toggle.mutate(target)}
        onClose={close}
        pending={toggle.isPending}
        error={toggle.error}
        danger={archiving}
      >
        <p>{t(archiving ? "setup:archiveExplain" : "setup:restoreExplain")}</p>
      </ConfirmDialog>
    </div>
  );
}
