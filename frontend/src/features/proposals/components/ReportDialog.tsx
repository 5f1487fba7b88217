/** A modal <dialog> for reporting a proposal or comment; focus returns to the opener on close. */
import { useId, useRef, useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { endpoints } from "../../../shared/api/endpoints";
import { REPORT_REASONS, type ReportReason } from "../../../shared/api/types";
import { ErrorMessage } from "../../../shared/components/Feedback";
import { ModalDialog } from "../../../shared/components/ModalDialog";

interface Props {
  target: "proposals" | "comments";
  targetId: number;
  buttonLabel: string;
}

export function ReportDialog({ target, targetId, buttonLabel }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const opener = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<ReportReason>("spam");
  const [note, setNote] = useState("");
  const send = useMutation({ mutationFn: () => endpoints.report(target, targetId, reason, note) });

  const close = () => {
    setOpen(false);
    send.reset();
    opener.current?.focus();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    send.mutate();
  };

  return (
    <>
      <button ref={opener} type="button" className="link-button link-button--quiet" onClick={() => setOpen(true)}>
        {buttonLabel}
      </button>
      <ModalDialog open={open} onClose={close} labelledBy={`${id}-title`}>
        <form onSubmit={submit} className="dialog__body">
          <h2 id={`${id}-title`}>{t("report.title")}</h2>
          {send.isSuccess ? (
            <p role="status">{t("report.done")}</p>
          ) : (
            <>
              <p>{t("report.intro")}</p>
              <fieldset className="fieldset">
                <legend>{t("report.reason")}</legend>
                {REPORT_REASONS.map((value) => (
                  <div className="radio" key={value}>
                    <input
                      type="radio"
                      id={`${id}-${value}`}
                      name={`${id}-reason`}
                      value={value}
                      checked={reason === value}
                      onChange={() => setReason(value)}
                    />
                    <label htmlFor={`${id}-${value}`}>{t(`reportReasons.${value}`)}</label>
                  </div>
                ))}
              </fieldset>
              <div className="field">
                <label htmlFor={`${id}-note`} className="field__label">
                  {t("report.note")}
                </label>
                <textarea
                  id={`${id}-note`}
                  className="textarea"
                  rows={3}
                  maxLength={1000}
                  value={note}
                  onChange={(e) => setNote(e.target.value)}
                />
              </div>
              {send.isError && <ErrorMessage error={send.error} />}
            </>
          )}
          <div className="button-row">
            {!send.isSuccess && (
              <button type="submit" className="button button--primary" disabled={send.isPending}>
                {send.isPending ? t("report.sending") : t("report.submit")}
              </button>
            )}
            <button type="button" className="button button--secondary" onClick={close}>
              {t("report.close")}
            </button>
          </div>
        </form>
      </ModalDialog>
    </>
  );
}
