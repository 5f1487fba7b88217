/** 決裁待ち: what planners submitted, shown as residents will see it; 承認して公開 or 差し戻す with a reason. */
import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useMe } from "../../../shared/auth/session";
import { ErrorMessage, LiveMessage, Loading } from "../../../shared/components/Feedback";
import { Field } from "../../../shared/components/Field";
import { formatDateTime } from "../../../shared/components/format";
import { usePageTitle } from "../../../shared/layout/usePageTitle";
import { planning } from "../../../shared/api/planEndpoints";
import type { Approval } from "../../../shared/api/planTypes";
import "../i18n";
import "../../planning/plan.css";
import { ApprovalPreviewView } from "../components/ApprovalPreviewView";
import { ApprovalBadge } from "../components/SubmitForApproval";
import { approvalsKey } from "../useApprovals";

function Pending({ approval, onDone }: { approval: Approval; onDone: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const client = useQueryClient();
  const [comment, setComment] = useState("");
  const [error, setError] = useState<string>();
  const own = me.data?.id === approval.submitted_by_id;
  const title = `${t(`approvals:kind.${approval.object_type}`)}：${approval.title}`;
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ["approvals"] });
    void client.invalidateQueries({ queryKey: ["process", approval.process_id] });
    void client.invalidateQueries({ queryKey: ["processes"] });
  };
  const approve = useMutation({
    mutationFn: () => planning.approve(approval.id),
    onSuccess: () => {
      refresh();
      onDone(t("approvals:inbox.approved", { title }));
    },
  });
  const send = useMutation({
    mutationFn: () => planning.returnApproval(approval.id, comment.trim()),
    onSuccess: () => {
      refresh();
      onDone(t("approvals:inbox.returnedMessage", { title }));
    },
  });
  const sendBack = (e: FormEvent) => {
    e.preventDefault();
    if (!comment.trim()) {
      setError(t("approvals:inbox.returnRequired"));
      document.getElementById(`return-${approval.id}`)?.focus();
      return;
    }
    setError(undefined);
    send.mutate();
  };
  const headingId = `approval-${approval.id}-title`;
  return (
    <article className="panel approval-item" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      <p className="small">
        {t("approvals:inbox.submittedBy", { name: approval.submitted_by, date: formatDateTime(approval.submitted_at, i18n.language) })}
      </p>
      {approval.stale && (
        <p className="notice notice--warning" role="alert">
          {t("approvals:stale")}
        </p>
      )}
      <div className="approval-preview" role="region" aria-label={t("approvals:submitIntro")} tabIndex={0}>
        <ApprovalPreviewView subject={approval} />
      </div>
      {own && <p className="notice notice--info">{t("approvals:inbox.ownSubmission")}</p>}
      {approve.isError && <ErrorMessage error={approve.error} />}
      <div className="button-row">
        <button type="button" className="button button--primary" disabled={own || approval.stale || approve.isPending} onClick={() => approve.mutate()}>
          {approve.isPending ? t("approvals:inbox.approving") : t("approvals:inbox.approve")}
          <span className="visually-hidden">: {title}</span>
        </button>
      </div>
      <form className="plan-form approval-return" onSubmit={sendBack} noValidate>
        <Field id={`return-${approval.id}`} label={t("approvals:inbox.returnComment")} hint={t("approvals:inbox.returnHint")} error={error} required>
          {(props) => <textarea {...props} className="textarea" rows={2} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} />}
        </Field>
        {send.isError && <ErrorMessage error={send.error} />}
        <button type="submit" className="button button--secondary" disabled={send.isPending}>
          {t("approvals:inbox.return")}
          <span className="visually-hidden">: {title}</span>
        </button>
      </form>
    </article>
  );
}

export default function ApprovalsPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t("approvals:inbox.title"));
  const [message, setMessage] = useState<string>();
  const pending = useQuery({ queryKey: [...approvalsKey(), "submitted"], queryFn: () => planning.approvals({ status: "submitted" }) });
  const recent = useQuery({ queryKey: [...approvalsKey(), "recent"], queryFn: () => planning.approvals() });
  const decided = (recent.data ?? []).filter((a) => a.status === "approved" || a.status === "returned").slice(0, 10);
  return (
    <>
      <p className="breadcrumb">
        <Link to="/planner">{t("nav.planner")}</Link>
      </p>
      <h1>{t("approvals:inbox.title")}</h1>
      <p>{t("approvals:inbox.intro")}</p>
      <p className="small">{t("approvals:fourEyes")}</p>
      <LiveMessage message={message} />
      {pending.isPending && <Loading />}
      {pending.isError && <ErrorMessage error={pending.error} onRetry={() => void pending.refetch()} />}
      {pending.data?.length === 0 && <p className="empty">{t("approvals:inbox.none")}</p>}
      {pending.data?.map((a) => (
        <Pending key={a.id} approval={a} onDone={setMessage} />
      ))}
      {decided.length > 0 && (
        <section aria-labelledby="approvals-recent">
          <h2 id="approvals-recent">{t("approvals:inbox.recent")}</h2>
          <ul className="plain-list">
            {decided.map((a) => (
              <li key={a.id} className="approval-row">
                {t(`approvals:kind.${a.object_type}`)}：{a.title} <ApprovalBadge approval={a} />
                <span className="small block">
                  {t("approvals:inbox.decided", {
                    state: t(`approvals:state.${a.status}`),
                    name: a.decided_by ?? "",
                    date: a.decided_at ? formatDateTime(a.decided_at, i18n.language) : "",
                  })}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
