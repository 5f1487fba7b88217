/** Comments with one level of replies; a form for new comments and a reply form per comment. */
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { endpoints } from "../../../shared/api/endpoints";
import type { Comment, Proposal } from "../../../shared/api/types";
import { LIMITS, requiredText, type Problem } from "../../../shared/validation";
import { ErrorMessage, Loading, LiveMessage } from "../../../shared/components/Feedback";
import { Field } from "../../../shared/components/Field";
import { formatDateTime } from "../../../shared/components/format";
import { ReportDialog } from "./ReportDialog";

function CommentForm({
  proposal,
  parent,
  onDone,
  onCancel,
}: {
  proposal: Proposal;
  parent?: Comment;
  onDone: (message: string) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [body, setBody] = useState("");
  const [problem, setProblem] = useState<Problem>();
  const input = useRef<HTMLTextAreaElement>(null);
  // a reply form opens under the comment it answers: the cursor goes there
  const replying = !!parent;
  useEffect(() => {
    if (replying) input.current?.focus();
  }, [replying]);
  const id = parent ? `reply-${parent.id}` : "comment-new";
  const send = useMutation({
    mutationFn: () => endpoints.addComment(proposal.id, body.trim(), parent?.id ?? null),
    onSuccess: () => {
      setBody("");
      void client.invalidateQueries({ queryKey: ["comments", proposal.id] });
      void client.invalidateQueries({ queryKey: ["proposal", proposal.id] });
      onDone(t("comments.posted"));
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = requiredText(body, "comments.label", LIMITS.comment);
    setProblem(found);
    if (found) {
      input.current?.focus();
      return;
    }
    send.mutate();
  };
  return (
    <form onSubmit={submit} className={parent ? "comment-form comment-form--reply" : "comment-form"} noValidate>
      <Field
        id={id}
        label={parent ? t("comments.replyLabel", { name: parent.author.display_name }) : t("comments.label")}
        hint={t("comments.hint")}
        error={problem}
        required
      >
        {(props) => (
          <textarea
            {...props}
            ref={input}
            className="textarea"
            rows={parent ? 3 : 4}
            value={body}
            onChange={(e) => setBody(e.target.value)}
          />
        )}
      </Field>
      {send.isError && <ErrorMessage error={send.error} />}
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={send.isPending}>
          {send.isPending ? t("comments.posting") : parent ? t("comments.reply") : t("comments.post")}
        </button>
        {onCancel && (
          <button type="button" className="button button--secondary" onClick={onCancel}>
            {t("comments.cancel")}
          </button>
        )}
      </div>
    </form>
  );
}

function CommentItem({
  comment,
  proposal,
  canComment,
  signedIn,
  onPosted,
}: {
  comment: Comment;
  proposal: Proposal;
  canComment: boolean;
  signedIn: boolean;
  onPosted: (message: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const [replying, setReplying] = useState(false);
  const replyButton = useRef<HTMLButtonElement>(null);
  const isReply = comment.parent_id !== null;
  return (
    <li className={isReply ? "comment comment--reply" : "comment"}>
      <article aria-label={comment.author.display_name}>
        <p className="comment__meta">
          <span className="comment__author">{comment.author.display_name}</span>
          {comment.author_role !== "resident" && <span className="badge">{t("comments.staff")}</span>}
          <time dateTime={comment.created_at}>{formatDateTime(comment.created_at, i18n.language)}</time>
        </p>
        {comment.status === "hidden" ? (
          <p className="comment__body comment__body--hidden">{t("comments.hidden")}</p>
        ) : (
          <p className="comment__body">{comment.body}</p>
        )}
        <p className="comment__actions">
          {!isReply && canComment && !replying && (
            <button ref={replyButton} type="button" className="link-button" onClick={() => setReplying(true)}>
              {t("comments.reply")}
            </button>
          )}
          {signedIn && <ReportDialog target="comments" targetId={comment.id} buttonLabel={t("report.openComment")} />}
        </p>
        {replying && (
          <CommentForm
            proposal={proposal}
            parent={comment}
            onDone={(message) => {
              setReplying(false);
              onPosted(message);
            }}
            onCancel={() => {
              setReplying(false);
              setTimeout(() => replyButton.current?.focus());
            }}
          />
        )}
      </article>
      {comment.replies && comment.replies.length > 0 && (
        <ul className="comment-list comment-list--replies">
          {comment.replies.map((reply) => (
            <CommentItem
              key={reply.id}
              comment={reply}
              proposal={proposal}
              canComment={canComment}
              signedIn={signedIn}
              onPosted={onPosted}
            />
          ))}
        </ul>
      )}
    </li>
  );
}

export function Comments({
  proposal,
  canComment,
  signedIn,
  reasonIfNot,
}: {
  proposal: Proposal;
  canComment: boolean;
  signedIn: boolean;
  reasonIfNot?: ReactNode;
}) {
  const { t } = useTranslation();
  const [message, setMessage] = useState<string>();
  const comments = useQuery({ queryKey: ["comments", proposal.id], queryFn: () => endpoints.comments(proposal.id) });
  const count = comments.data
    ? comments.data.reduce((sum, c) => sum + 1 + (c.replies?.length ?? 0), 0)
    : proposal.comment_count;
  return (
    <section aria-labelledby="comments-title" className="comments">
      <h2 id="comments-title">{t("comments.heading", { count })}</h2>
      <LiveMessage message={message} />
      {comments.isPending && <Loading />}
      {comments.isError && <ErrorMessage error={comments.error} onRetry={() => void comments.refetch()} />}
      {comments.data && comments.data.length === 0 && <p>{t("comments.none")}</p>}
      {comments.data && comments.data.length > 0 && (
        <ul className="comment-list">
          {comments.data.map((comment) => (
            <CommentItem
              key={comment.id}
              comment={comment}
              proposal={proposal}
              canComment={canComment}
              signedIn={signedIn}
              onPosted={setMessage}
            />
          ))}
        </ul>
      )}
      <h3>{t("comments.add")}</h3>
      {canComment ? (
        <CommentForm proposal={proposal} onDone={setMessage} />
      ) : (
        <p>{reasonIfNot}</p>
      )}
    </section>
  );
}
