/**
 * The author withdraws their proposal, saying why (the reason is for city staff), after a
 * confirmation in a modal <dialog>. A lazy chunk: only authors ever open it.
 */
import { useId, useRef, useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { endpoints } from "../../../shared/api/endpoints";
import type { Proposal } from "../../../shared/api/types";
import { LIMITS, requiredText, type Problem } from "../../../shared/validation";
import { useConfirmation } from "../../../shared/components/confirmation";
import { ErrorMessage } from "../../../shared/components/Feedback";
import { Field } from "../../../shared/components/Field";
import { ModalDialog } from "../../../shared/components/ModalDialog";

export default function WithdrawDialog({ proposal }: { proposal: Proposal }) {
  const { t } = useTranslation();
  const id = useId();
  const client = useQueryClient();
  const confirm = useConfirmation();
  const opener = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [problem, setProblem] = useState<Problem>();
  const withdraw = useMutation({
    mutationFn: () => endpoints.withdrawProposal(proposal.id, reason.trim()),
    onSuccess: (withdrawn) => {
      client.setQueryData(["proposal", proposal.id], withdrawn);
      void client.invalidateQueries({ queryKey: ["proposals", proposal.process_id] });
      void client.invalidateQueries({ queryKey: ["process", proposal.process_id] });
      setOpen(false);
      confirm(t("own.withdrawn"));
    },
  });

  const close = () => {
    setOpen(false);
    withdraw.reset();
    opener.current?.focus();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = requiredText(reason, "own.reason", LIMITS.reason);
    setProblem(found);
    if (found) document.getElementById(`${id}-reason`)?.focus();
    else withdraw.mutate();
  };

  return (
    <>
      <button ref={opener} type="button" className="button button--secondary" onClick={() => setOpen(true)}>
        {t("own.withdraw")}
      </button>
      <ModalDialog open={open} onClose={close} labelledBy={`${id}-title`}>
        <form onSubmit={submit} noValidate className="dialog__body">
          <h2 id={`${id}-title`}>{t("own.withdrawTitle")}</h2>
          <p>{t("own.withdrawIntro")}</p>
          <Field id={`${id}-reason`} label={t("own.reason")} hint={t("own.reasonHint")} error={problem} required>
            {(props) => (
              <textarea {...props} className="textarea" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
            )}
          </Field>
          {withdraw.isError && <ErrorMessage error={withdraw.error} />}
          <div className="button-row">
            <button type="submit" className="button button--danger" disabled={withdraw.isPending}>
              {withdraw.isPending ? t("own.withdrawing") : t("own.confirmWithdraw")}
            </button>
            <button type="button" className="button button--secondary" onClick={close}>
              {t("own.cancel")}
            </button>
          </div>
        </form>
      </ModalDialog>
    </>
  );
}
