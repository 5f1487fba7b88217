/** A modal confirmation (native <dialog>, focus trapped inside): Escape or 「やめる」 closes it. */
import { useId, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ErrorMessage } from "./Feedback";
import { ModalDialog } from "./ModalDialog";

interface Props {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
  pending?: boolean;
  error?: unknown;
  danger?: boolean;
}

export function ConfirmDialog({ open, title, children, confirmLabel, onConfirm, onClose, pending, error, danger }: Props) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <ModalDialog open={open} onClose={onClose} labelledBy={`${id}-title`}>
      <div className="dialog__body">
        <h2 id={`${id}-title`}>{title}</h2>
        {children}
        {error !== undefined && error !== null && <ErrorMessage error={error} />}
        <div className="button-row">
          <button type="button" className={`button ${danger ? "button--danger" : "button--primary"}`} disabled={pending} onClick={onConfirm}>
            {confirmLabel}
          </button>
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t("setup:cancel")}
          </button>
        </div>
      </div>
    </ModalDialog>
  );
}
