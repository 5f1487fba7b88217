/**
 * 決裁に回す: opens a dialog with exactly what residents will see once approved, and submits that
 * (with its hash, so a change made meanwhile is not submitted unseen). Also the status badge of an
 * object's latest submission. Focus returns to the opener when the dialog closes.
 */
import { useId, useRef, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../../shared/api/client";
import { ErrorMessage, Loading } from "../../../shared/components/Feedback";
import { ModalDialog } from "../../../shared/components/ModalDialog";
import { planning } from "../../../shared/api/planEndpoints";
import type { Approval, ApprovalObject, ApprovalState } from "../../../shared/api/planTypes";
import { StateBadge, type StateTone } from "../../../shared/components/StateBadge";
import "../i18n";
import "../../planning/plan.css";
import { ApprovalPreviewView } from "./ApprovalPreviewView";

/** Why the preview cannot be submitted; a draft's incomplete KPIs come as a list to work through. */
function PreviewProblem({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const items = error instanceof ApiError ? error.problem.items : undefined;
  if (!Array.isArray(items)) return <ErrorMessage error={error} />;
  return (
    <div className="notice notice--error" role="alert">
      <p>{t("approvals:editor.publishKpis")}</p>
      <ul>
        {(items as string[]).map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </div>
  );
}

interface Props {
  processId: number;
  objectType: ApprovalObject;
  objectId: number;
  target?: string;
  disabled?: boolean;
  /** what the button says to screen readers besides 「決裁に回す」 (e.g. the response's title) */
  context?: string;
  onSubmitted: (message: string) => void;
}

export function SubmitForApproval({ processId, objectType, objectId, target = "", disabled, context, onSubmitted }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const client = useQueryClient();
  const opener = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const preview = useQuery({
    queryKey: ["approval-preview", processId, objectType, objectId, target],
    queryFn: () => planning.approvalPreview(processId, objectType, objectId, target),
    enabled: open,
    staleTime: 0,
    gcTime: 0,
  });
  const submit = useMutation({
    mutationFn: () => planning.submitApproval(processId, preview.data!),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ["approvals"] });
      close();
      onSubmitted(t("approvals:submitted", { kind: t(`approvals:kind.${objectType}`) }));
    },
  });

  function close() {
    setOpen(false);
    submit.reset();
    opener.current?.focus();
  }

  return (
    <>
      <button ref={opener} type="button" className="button button--small button--primary" disabled={disabled} onClick={() => setOpen(true)}>
        {t("approvals:submit")}
        {context && <span className="visually-hidden">: {context}</span>}
      </button>
      <ModalDialog open={open} onClose={close} labelledBy={`${id}-title`} wide>
        <form
          className="dialog__body"
          onSubmit={(e) => {
            e.preventDefault();
            submit.mutate();
          }}
        >
          <h2 id={`${id}-title`}>{t("approvals:submitTitle")}</h2>
          <p>
            <strong>{t(`approvals:kind.${objectType}`)}</strong>
            {preview.data?.title && `：${preview.data.title}`}
          </p>
          <p>{t("approvals:submitIntro")}</p>
          {preview.isPending && <Loading label={t("approvals:loadingPreview")} />}
          {preview.isError && <PreviewProblem error={preview.error} />}
          {preview.data && (
            <div className="approval-preview" role="region" aria-label={t("approvals:submitIntro")} tabIndex={0}>
              <ApprovalPreviewView subject={preview.data} />
            </div>
          )}
          <p className="small">{t("approvals:fourEyes")}</p>
          {submit.isError && <ErrorMessage error={submit.error} />}
          <div className="button-row">
            <button type="submit" className="button button--primary" disabled={!preview.data || submit.isPending}>
              {t("approvals:confirm")}
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

const TONES: Record<ApprovalState, StateTone> = { submitted: "info", approved: "success", returned: "danger", void: "neutral" };

/** The state of an object's latest submission, in words (colour only repeats it). */
export function ApprovalBadge({ approval }: { approval?: Approval }) {
  const { t } = useTranslation();
  if (!approval) return null;
  return (
    <span className="approval-status">
      <StateBadge tone={TONES[approval.status]}>{t(`approvals:state.${approval.status}`)}</StateBadge>
      {approval.status === "returned" && approval.comment && (
        <span className="small block">{t("approvals:returnedComment", { comment: approval.comment })}</span>
      )}
    </span>
  );
}
