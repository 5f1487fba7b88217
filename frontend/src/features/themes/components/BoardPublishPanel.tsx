/**
 * Whether residents see this run's themes, and the way there: submit them for approval (決裁),
 * again when edits were made since they were approved (those wait for that approval), or hide
 * them (no approval needed).
 */
import { useTranslation } from "react-i18next";
import type { Approval, ThemeBoard } from "../../../shared/api/planTypes";
import { ApprovalBadge, SubmitForApproval } from "../../approvals/components/SubmitForApproval";
import "../../planning/i18n/index";

interface Props {
  board: ThemeBoard;
  processId: number;
  /** the latest submission of these themes, if any */
  latest?: Approval;
  unpublishing: boolean;
  onUnpublish: () => void;
  onSubmitted: (message: string) => void;
}

export function BoardPublishPanel({ board, processId, latest, unpublishing, onUnpublish, onSubmitted }: Props) {
  const { t } = useTranslation();
  const waiting = board.unpublished_edits ?? 0;
  const submit = (
    <>
      <SubmitForApproval processId={processId} objectType="themes" objectId={board.run_id} onSubmitted={onSubmitted} />{" "}
      <ApprovalBadge approval={board.published && latest?.status === "approved" ? undefined : latest} />
    </>
  );
  return (
    <div className="panel board-publish">
      <p>
        {board.published ? (
          <span className="run-status run-status--succeeded">{t("plan:board.isPublished")}</span>
        ) : (
          <span className="run-status run-status--queued">{t("plan:board.notPublished")}</span>
        )}{" "}
        {board.published ? t("plan:board.publishedHelp") : t("plan:board.publishHelp")}
      </p>
      {board.published && waiting > 0 && (
        <div className="notice" role="status">
          <p>{t("plan:board.unpublishedEdits", { count: waiting })}</p>
          {submit}
        </div>
      )}
      {board.published ? (
        <button type="button" className="button button--small button--secondary" disabled={unpublishing} onClick={onUnpublish}>
          {t("plan:board.unpublish")}
        </button>
      ) : (
        submit
      )}
    </div>
  );
}
