/**
 * Whether residents see this run's themes, and the way there: submit them for approval (決裁),
 * again when edits were made since they were approved (those wait for that approval), or hide
 * them (no approval needed).
 */
import { useTranslation } from "react-i18next";
import type { Approval, ThemeBoard } from "../../../shared/api/planTypes";
import { StateBadge } from "../../../shared/components/StateBadge";
import { ApprovalBadge, SubmitForApproval } from "../../approvals/components/SubmitForApproval";
import "../i18n";

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
          <StateBadge tone="success">{t("themes:board.isPublished")}</StateBadge>
        ) : (
          <StateBadge tone="info">{t("themes:board.notPublished")}</StateBadge>
        )}{" "}
        {board.published ? t("themes:board.publishedHelp") : t("themes:board.publishHelp")}
      </p>
      {board.published && waiting > 0 && (
        <div className="notice" role="status">
          <p>{t("themes:board.unpublishedEdits", { count: waiting })}</p>
          {submit}
        </div>
      )}
      {board.published ? (
        <button type="button" className="button button--small button--secondary" disabled={unpublishing} onClick={onUnpublish}>
          {t("themes:board.unpublish")}
        </button>
      ) : (
        submit
      )}
    </div>
  );
}
