/** Residents: the published draft plan, with comments per section during the feedback phase. */
import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ApiError } from "../../api/client";
import { useProcess } from "../../api/queries";
import { useMe } from "../../auth/session";
import { ErrorMessage, LiveMessage, Loading } from "../../components/Feedback";
import { Field } from "../../components/Field";
import { formatDateTime, processTitle } from "../../components/format";
import { usePageTitle } from "../../components/usePageTitle";
import { planning } from "../api/endpoints";
import type { Draft, Goal, SectionComment } from "../api/types";
import { Markdown } from "../common/Markdown";
import "../i18n/register";
import "../styles/plan.css";
import { numberLabel } from "./draftModel";
import { CoverageLine, NotReflectedSection } from "./PlanCoverage";

function SectionComments({ draft, goal, comments, canComment, signedIn }: { draft: Draft; goal: Goal; comments: SectionComment[]; canComment: boolean; signedIn: boolean }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [body, setBody] = useState("");
  const [error, setError] = useState<string>();
  const [message, setMessage] = useState<string>();
  const id = `comment-${goal.key}`;
  const send = useMutation({
    mutationFn: () => planning.addSectionComment(draft.id, goal.key, body.trim()),
    onSuccess: () => {
      setBody("");
      setMessage(t("plan:public.commentSent"));
      void client.invalidateQueries({ queryKey: ["public-draft-comments", draft.id] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!body.trim() || body.length > 2000) {
      setError(t(body.trim() ? "plan:public.errors.tooLong" : "plan:public.errors.empty"));
      document.getElementById(id)?.focus();
      return;
    }
    setError(undefined);
    send.mutate();
  };
  return (
    <div className="section-comments">
      <h3 className="section-comments__title">{t("plan:public.commentsOn", { count: comments.length })}</h3>
      {comments.length > 0 && (
        <ul className="comment-list">
          {comments.map((c) => (
            <li key={c.id} className="comment">
              <p className="comment__meta">
                <span className="comment__author">{c.author_display_name}</span>
                <span>{formatDateTime(c.created_at, i18n.language)}</span>
              </p>
              <p className="comment__body">{c.body}</p>
            </li>
          ))}
        </ul>
      )}
      <LiveMessage message={message} />
      {canComment ? (
        <form onSubmit={submit} noValidate className="comment-form">
          <Field id={id} label={t("plan:public.commentLabel", { title: goal.title })} hint={t("plan:public.commentHint")} required error={error}>
            {(props) => <textarea {...props} className="textarea" rows={3} value={body} onChange={(e) => setBody(e.target.value)} />}
          </Field>
          {send.isError && <ErrorMessage error={send.error} />}
          <button type="submit" className="button button--secondary" disabled={send.isPending}>
            {t("plan:public.sendComment")}
          </button>
        </form>
      ) : (
        <p className="small">{signedIn ? t("plan:public.commentsClosed") : t("plan:public.signInToComment")}</p>
      )}
    </div>
  );
}

export default function PublicDraftPage() {
  const { t, i18n } = useTranslation();
  const processId = Number(useParams().processId);
  const process = useProcess(processId);
  const { data: me } = useMe();
  const draft = useQuery({ queryKey: ["published-draft", processId], queryFn: () => planning.publishedDraft(processId) });
  const comments = useQuery({
    queryKey: ["public-draft-comments", draft.data?.id],
    queryFn: () => planning.sectionComments(draft.data!.id),
    enabled: !!draft.data,
  });
  usePageTitle(draft.data?.content.title ?? t("plan:public.draftTitle"));
  const notYet = draft.error instanceof ApiError && draft.error.status === 404;
  const canComment = !!me && me.role === "resident" && process.data?.phase === "feedback";
  const d = draft.data;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/">{t("nav.home")}</Link>
        {process.data && (
          <>
            {" / "}
            <Link to={`/processes/${processId}`}>{processTitle(process.data, i18n.language)}</Link>
          </>
        )}
      </p>
      {!d && <h1>{t("plan:public.draftTitle")}</h1>}
      {draft.isPending && <Loading />}
      {notYet ? <p className="notice notice--info">{t("plan:public.draftNotYet")}</p> : draft.isError && <ErrorMessage error={draft.error} onRetry={() => void draft.refetch()} />}
      {d && (
        <article className="plan-doc" aria-labelledby="plan-title">
          <h1 id="plan-title">{d.content.title}</h1>
          <p className="card__meta">
            <span>{t("plan:public.version", { version: d.published_version ?? d.version })}</span>
            {d.published_at && <span>{t("plan:public.publishedOn", { date: formatDateTime(d.published_at, i18n.language) })}</span>}
          </p>
          {process.data?.phase === "feedback" && <p className="notice notice--info">{t("plan:public.feedbackOpen")}</p>}
          {d.content.preamble && <Markdown source={d.content.preamble} baseLevel={2} />}
          <CoverageLine coverage={d.coverage} />
          <nav aria-label={t("plan:public.contents")} className="plan-toc">
            <ol>
              {(d.content.sections ?? []).map((g) => (
                <li key={g.key}>
                  <a href={`#goal-${g.key}`}>{g.title}</a>
                </li>
              ))}
            </ol>
          </nav>
          {(d.content.sections ?? []).map((goal, gi) => (
            <section key={goal.key} id={`goal-${goal.key}`} className="plan-goal" aria-labelledby={`goal-${goal.key}-title`}>
              <h2 id={`goal-${goal.key}-title`}>{goal.title}</h2>
              {goal.body && <Markdown source={goal.body} />}
              {(goal.measures ?? []).map((m, mi) => (
                <section key={m.key} className="plan-measure" aria-labelledby={`m-${m.key}`}>
                  <h3 id={`m-${m.key}`}>
                    <span className="plan-label">{t("plan:public.measure", { label: numberLabel(gi, mi) })}</span> {m.title}
                  </h3>
                  {m.body && <Markdown source={m.body} baseLevel={4} />}
                  {(m.actions ?? []).length > 0 && (
                    <>
                      <h4>{t("plan:public.actions")}</h4>
                      <ul className="plan-actions">
                        {(m.actions ?? []).map((a, ai) => (
                          <li key={a.key}>
                            <span className="plan-label">{numberLabel(gi, mi, ai)}</span> {a.title}
                          </li>
                        ))}
                      </ul>
                    </>
                  )}
                  {(m.voices ?? []).length > 0 && (
                    <>
                      <h4>{t("plan:public.measureVoices")}</h4>
                      <ul className="plan-voices">
                        {(m.voices ?? []).map((v) => (
                          <li key={v.proposal_id}>
                            「{v.text}」<span className="small">（{t("plan:public.voiceOf", { id: v.proposal_id })}）</span>
                          </li>
                        ))}
                      </ul>
                    </>
                  )}
                  {(m.kpis ?? []).length > 0 && (
                    <div className="table-wrap" tabIndex={0} role="region" aria-label={t("plan:public.kpisOf", { label: numberLabel(gi, mi) })}>
                      <table className="table table--compact">
                        <caption className="table-caption">{t("plan:public.kpis")}</caption>
                        <thead>
                          <tr>
                            <th scope="col">{t("plan:editor.kpiName")}</th>
                            <th scope="col">{t("plan:editor.kpiBaseline")}</th>
                            <th scope="col">{t("plan:editor.kpiTarget")}</th>
                            <th scope="col">{t("plan:editor.kpiYear")}</th>
                            <th scope="col">{t("plan:public.kpiSource")}</th>
                          </tr>
                        </thead>
                        <tbody>
                          {(m.kpis ?? []).map((k, i) => {
                            const value = (v?: string) => v || (k.pending ? t("plan:public.kpiPending") : "—");
                            return (
                              <tr key={i}>
                                <th scope="row">{k.unit ? `${k.name}（${k.unit}）` : k.name}</th>
                                <td>{value(k.baseline)}</td>
                                <td>{value(k.target)}</td>
                                <td>{value(k.target_year)}</td>
                                <td>{k.source || "—"}</td>
                              </tr>
                            );
                          })}
                        </tbody>
                      </table>
                    </div>
                  )}
                </section>
              ))}
              <SectionComments
                draft={d}
                goal={goal}
                comments={(comments.data ?? []).filter((c) => c.section_key === goal.key)}
                canComment={canComment}
                signedIn={!!me}
              />
            </section>
          ))}
          <NotReflectedSection items={d.content.not_reflected} />
        </article>
      )}
    </>
  );
}
