/** 一括取り込み: staff upload the filled-in template; all rows are stored, or none and the
 * problems are listed per row (an accessible table) to fix in the file. */
import "../i18n/proxy";
import { useRef, useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { endpoints, fileLinks } from "../../../shared/api/endpoints";
import { ErrorMessage, LiveMessage } from "../../../shared/components/Feedback";
import { RefusedRows, refusedRows } from "./RefusedRows";

export function OfflineImport({ processId }: { processId: number }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const fileInput = useRef<HTMLInputElement>(null);
  const resultHeading = useRef<HTMLParagraphElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [allowDuplicates, setAllowDuplicates] = useState(false);
  const [missingFile, setMissingFile] = useState(false);
  const upload = useMutation({
    mutationFn: (chosen: File) => endpoints.importOffline(processId, chosen, allowDuplicates),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ["proposals", processId] });
      void client.invalidateQueries({ queryKey: ["processes"] });
      if (fileInput.current) fileInput.current.value = "";
      setFile(null);
    },
    onSettled: () => setTimeout(() => resultHeading.current?.focus(), 0),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMissingFile(!file);
    if (file) upload.mutate(file);
  };
  const problems = refusedRows(upload.error);
  const done = upload.data;

  return (
    <section aria-labelledby="bulk-title" className="panel">
      <h2 id="bulk-title">{t("proxy:bulkTitle")}</h2>
      <p>{t("proxy:bulkIntro")}</p>
      <ul>
        <li>
          <a href={fileLinks.offlineTemplate(processId, "xlsx")} download>
            {t("proxy:templateXlsx")}
          </a>
        </li>
        <li>
          <a href={fileLinks.offlineTemplate(processId, "csv")} download>
            {t("proxy:templateCsv")}
          </a>
        </li>
      </ul>
      <form onSubmit={submit} noValidate className="form">
        <div className="field">
          <label htmlFor="bulk-file" className="field__label">
            {t("proxy:file")}
          </label>
          <p id="bulk-file-hint" className="field__hint">
            {t("proxy:fileHint")}
          </p>
          <input
            ref={fileInput}
            id="bulk-file"
            type="file"
            accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-describedby={missingFile ? "bulk-file-hint bulk-file-error" : "bulk-file-hint"}
            aria-invalid={missingFile || undefined}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setMissingFile(false);
            }}
          />
          {missingFile && (
            <p id="bulk-file-error" className="field__error">
              {t("proxy:chooseFile")}
            </p>
          )}
        </div>
        <div className="checkbox">
          <input
            id="bulk-duplicates"
            type="checkbox"
            checked={allowDuplicates}
            onChange={(e) => setAllowDuplicates(e.target.checked)}
          />
          <label htmlFor="bulk-duplicates">{t("proxy:allowDuplicates")}</label>
        </div>
        <div className="button-row">
          <button type="submit" className="button button--primary" disabled={upload.isPending}>
            {upload.isPending ? t("proxy:importing") : t("proxy:importSubmit")}
          </button>
        </div>
      </form>
      <LiveMessage
        message={done ? t("proxy:imported", { count: done.created, first: done.first_reference, last: done.last_reference }) : undefined}
      />
      {done && (
        <p ref={resultHeading} tabIndex={-1} className="reference">
          {done.first_reference} – {done.last_reference}
        </p>
      )}
      {problems && (
        <RefusedRows
          refused={problems}
          ns="proxy"
          lead={t("proxy:importRefused", { count: problems.total })}
          leadRef={resultHeading}
        />
      )}
      {upload.isError && !problems && <ErrorMessage error={upload.error} />}
    </section>
  );
}
