/**
 * A modal <dialog> (native: focus stays inside, Escape closes). Its content is mounted only
 * while open; `onClose` runs for Escape and for the dialog closing itself, so the caller puts
 * focus back on its opener there.
 */
import type { ReactNode } from "react";

import { useModalDialog } from "./useModalDialog";

interface Props {
  open: boolean;
  onClose: () => void;
  /** The id of the dialog's heading. */
  labelledBy: string;
  wide?: boolean;
  children: ReactNode;
}

export function ModalDialog({ open, onClose, labelledBy, wide, children }: Props) {
  const dialog = useModalDialog(open);
  return (
    <dialog
      ref={dialog}
      className={wide ? "dialog dialog--wide" : "dialog"}
      aria-labelledby={labelledBy}
      onClose={() => open && onClose()}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      {open && children}
    </dialog>
  );
}
