/** パブコメ per plan item: the comments on a goal, measure, action or KPI with the city's approved
 * answer (市の考え方), and the button that opens the comment form (one open at a time). */
import { useEffect, useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import { ErrorMessage } from "../../../shared/components/Feedback";
import { Field } from "../../../shared/components/Field";
import { formatDateTime } from "../../../shared/components/format";
import { planning } from "../../../shared/api/planEndpoints";
import type { DraftContent, SectionComment } from "../../../shared/api/planTypes";
import "../i18n";
import { StatusBadge } from "../../responses/components/StatusBadge";
import { numberLabel } from "../draftModel";

export type ItemLevel = "goal" | "measure" | "action" | "kpi";

/** A plan item residents comment on: key g1 / g1-m2 / g1-m2-a1 / g1-m2-k1, number 1-2-1. */
export interface CommentTarget {
  key: string;
  level: ItemLevel;
  number: string;
  title: string;
}

/** KPIs have no key of their own: the API derives g1-m2-k1 from their place in the measure. */
export const kpiKey = (measureKey: string, index: number) => `${measureKey}-k${index + 1}`;

export const kpiTarget = (measureKey: string, index: number, title: string, number: string): CommentTarget => ({
  key: kpiKey(measureKey, index),
  level: "kpi",
  number,
  title,
});

/** Every item of a draft residents may comment on, by key, numbered as the page shows them. */
export function commentTargets(content: DraftContent): Map<string, CommentTarget> {
  const targets = new Map<string, CommentTarget>();
  const add = (target: CommentTarget) => targets.set(target.key, target);
  (content.sections ?? []).forEach((g, gi) => {
    add({ key: g.key, level: "goal", number: numberLabel(gi), title: g.title });
    (g.measures ?? []).forEach((m, mi) => {
      add({ key: m.key, level: "measure", number: numberLabel(gi, mi), title: m.title });
      (m.actions ?? []).forEach((a, ai) => add({ key: a.key, level: "action", number: numberLabel(gi, mi, ai), title: a.title }));
      (m.kpis ?? []).forEach((k, ki) => add(kpiTarget(m.key, ki, k.name, numberLabel(gi, mi, ki))));
    });
  });
  return targets;
}

/** What the page shares with every item: which form is open, who may comment. */
export interface CommentsContext {
  draftId: number;
  publishedVersion: number | null;
  canComment: boolean;
  openKey: string | null;
  setOpenKey: (key: string | null) => void;
  onSent: (target: CommentTarget) => void;
}

/** 施策 1-2 公共交通の利便性向上: how a control names its item to a screen reader. */
export const itemName = (t: TFunction, target: CommentTarget) => `${t(`drafts:public.level.${target.level}`)} ${target.number} ${target.title}`;

// actions and KPIs are many and short: their control is a link-style button on the same line
const COMPACT: ItemLevel[] = ["action", "kpi"];
const toggleId = (key: string) => `comment-toggle-${key}`;
const formId = (key: string) => `comment-form-${key}`;

/** 「この施策に意見を書く」 with the item's comment count; only the count when commenting is closed. */
export function CommentToggle({ target, count, ctx }: { target: CommentTarget; count: number; ctx: CommentsContext }) {
  const { t } = useTranslation();
  const open = ctx.openKey === target.key;
  const countText = t("drafts:public.itemComments", { count });
  const action = t(`drafts:public.writeOn.${target.level}`);
  if (!ctx.canComment) return count > 0 ? <span className="item-comments__count">{countText}</span> : null;
  return (
    <span className="item-comments__control">
      <button
        type="button"
        id={toggleId(target.key)}
        className={COMPACT.includes(target.level) ? "link-button" : "button button--small button--secondary"}
        aria-expanded={open}
        aria-controls={open ? formId(target.key) : undefined}
        onClick={() => ctx.setOpenKey(open ? null : target.key)}
        aria-label={t("drafts:public.writeOnNamed", { action, item: itemName(t, target) })}
      >
        {action}
      </button>{" "}
      <span className="item-comments__count">{countText}</span>
    </span>
  );
}

/** The comments on one item, oldest first, each with the city's answer once it is published. */
export function CommentThread({ comments, publishedVersion }: { comments: SectionComment[]; publishedVersion: number | null }) {
  const { t, i18n } = useTranslation();
  if (comments.length === 0) return null;
  return (
    <ul className="comment-list item-comments__list">
      {comments.map((c) => (
        <li key={c.id} className="comment">
          <p className="comment__meta">
            <span className="comment__author">{c.author_display_name}</span>
            <span>{formatDateTime(c.created_at, i18n.language)}</span>
            {c.version_number !== publishedVersion && <span>{t("drafts:public.onVersion", { version: c.version_number })}</span>}
          </p>
          <p className="comment__body">{c.body}</p>
          {c.answer && (
            <div className="comment-answer">
              <p className="comment-answer__title">
                <strong>{t("drafts:public.cityAnswer")}</strong> <StatusBadge status={c.answer.status} />
              </p>
              <p className="comment__body">{c.answer.response}</p>
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The one open comment form; focus moves into it, and back to its button when it closes. */
export function CommentForm({ target, ctx }: { target: CommentTarget; ctx: CommentsContext }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [body, setBody] = useState("");
  const [error, setError] = useState<string>();
  const id = `comment-${target.key}`;
  useEffect(() => document.getElementById(id)?.focus(), [id]);
  const close = () => {
    ctx.setOpenKey(null);
    setTimeout(() => document.getElementById(toggleId(target.key))?.focus());
  };
  const send = useMutation({
    mutationFn: () => planning.addSectionComment(ctx.draftId, target.key, body.trim()),
    onSuccess: () => {
      ctx.onSent(target);
      void client.invalidateQueries({ queryKey: ["public-draft-comments", ctx.draftId] });
      close();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!body.trim() || body.length > 2000) {
      setError(t(body.trim() ? "drafts:public.errors.tooLong" : "drafts:public.errors.empty"));
      document.getElementById(id)?.focus();
      return;
    }
    setError(undefined);
    send.mutate();
  };
  const label = t("drafts:public.commentLabel", { title: itemName(t, target) });
  return (
    <form id={formId(target.key)} onSubmit={submit} noValidate className="comment-form item-comments__form">
      <Field id={id} label={label} hint={t("drafts:public.commentHint")} required error={error}>
        {(props) => <textarea {...props} className="textarea" rows={3} value={body} onChange={(e) => setBody(e.target.value)} />}
      </Field>
      {send.isError && <ErrorMessage error={send.error} />}
      <div className="button-row">
        <button type="submit" className="button button--secondary" disabled={send.isPending}>
          {t("drafts:public.sendComment")}
        </button>
        <button type="button" className="link-button" onClick={close}>
          {t("drafts:public.cancelComment")}
        </button>
      </div>
    </form>
  );
}

/** An item's control, its comments and (when open) its form, together. */
export function ItemComments({ target, comments, ctx }: { target: CommentTarget; comments: SectionComment[]; ctx: CommentsContext }) {
  return (
    <div className="item-comments">
      <CommentToggle target={target} count={comments.length} ctx={ctx} />
      <CommentThread comments={comments} publishedVersion={ctx.publishedVersion} />
      {ctx.openKey === target.key && <CommentForm target={target} ctx={ctx} />}
    </div>
  );
}
