/**
 * このテーマの未回答の提案にまとめて回答: one response for every unanswered visible proposal of a
 * theme. A dialog asks for the answer and says how many proposals it goes to before anything is
 * saved; answered proposals are left as they are. Nothing is public until it is approved.
 */
import { useId, useRef, useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ErrorMessage } from "../../../shared/components/Feedback";
import { Field } from "../../../shared/components/Field";
import { ModalDialog } from "../../../shared/components/ModalDialog";
import { planning } from "../../../shared/api/planEndpoints";
import { RESPONSE_STATUSES, type ResponseStatus } from "../../../shared/api/planTypes";
import "../i18n";

interface Props {
  processId: number;
  runId: number;
  themeKey: string;
  themeTitle: string;
  /** unanswered visible proposals of the theme (what the confirmation names) */
  count: number;
  onDone: (message: string) => void;
}

export function BulkAnswer({ processId, runId, themeKey, themeTitle, count, onDone }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const client = useQueryClient();
  const opener = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const [summary, setSummary] = useState("");
  const [response, setResponse] = useState("");
  const [status, setStatus] = useState<ResponseStatus | "">("");
  const [missing, setMissing] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      planning.bulkResponse(processId, {
        run_id: runId,
        theme_key: themeKey,
        summary: summary.trim(),
        response: response.trim(),
        status: status as ResponseStatus,
        only_unanswered: true,
      }),
    onSuccess: (result) => {
      void client.invalidateQueries({ queryKey: ["worklist", processId] });
      void client.invalidateQueries({ queryKey: ["responses", processId] });
      close();
      setSummary("");
      setResponse("");
      setStatus("");
      onDone(t("responses:worklist.bulk.done", { count: result.created + result.updated, title: themeTitle, skipped: result.skipped }));
    },
  });

  function close() {
    setOpen(false);
    setMissing(false);
    save.reset();
    opener.current?.focus();
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!summary.trim() || !response.trim() || !status) {
      setMissing(true);
      return;
    }
    save.mutate();
  }

  return (
    <>
      <button ref={opener} type="button" className="button button--secondary" disabled={count === 0} onClick={() => setOpen(true)}>
        {t("responses:worklist.bulk.open")}
        <span className="visually-hidden">: {themeTitle}</span>
      </button>
      <ModalDialog open={open} onClose={close} labelledBy={`${id}-title`} wide>
        <form className="dialog__body" onSubmit={submit} noValidate>
          <h2 id={`${id}-title`}>{t("responses:worklist.bulk.title")}</h2>
          <p>
            <strong>{themeTitle}</strong>
          </p>
          <p className="notice notice--info">{t("responses:worklist.bulk.confirm", { count })}</p>
          <Field id={`${id}-summary`} label={t("shared:responses.summary")} required>
            {(props) => <textarea {...props} className="textarea" rows={3} maxLength={4000} value={summary} onChange={(e) => setSummary(e.target.value)} />}
          </Field>
          <Field id={`${id}-response`} label={t("shared:responses.response")} required>
            {(props) => <textarea {...props} className="textarea" rows={4} maxLength={8000} value={response} onChange={(e) => setResponse(e.target.value)} />}
          </Field>
          <Field id={`${id}-status`} label={t("shared:responses.status")} required>
            {(props) => (
              <select {...props} className="select" value={status} onChange={(e) => setStatus(e.target.value as ResponseStatus)}>
                <option value="">{t("responses:chooseStatus")}</option>
                {RESPONSE_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`responses:status.${s}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {missing && (
            <p className="notice notice--error" role="alert">
              {t("responses:worklist.bulk.missing")}
            </p>
          )}
          {save.isError && <ErrorMessage error={save.error} />}
          <p className="small">{t("responses:worklist.bulk.approval")}</p>
          <div className="button-row">
            <button type="submit" className="button button--primary" disabled={save.isPending}>
              {t("responses:worklist.bulk.submit", { count })}
            </button>
            <button type="button" className="button button--secondary" onClick={close}>
              {t("shared:approval.cancel")}
            </button>
          </div>
        </form>
      </ModalDialog>
    </>
  );
}
