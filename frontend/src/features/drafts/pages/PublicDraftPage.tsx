/** Residents: the published draft plan, with comments on every goal, measure, action and KPI
 * during the feedback phase (パブコメ), each with the city's answer once it is approved. */
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ApiError } from "../../../shared/api/client";
import { useProcess } from "../../../shared/api/queries";
import { useMe } from "../../../shared/auth/session";
import { ErrorMessage, LiveMessage, Loading } from "../../../shared/components/Feedback";
import { formatDateTime, processTitle } from "../../../shared/components/format";
import { usePageTitle } from "../../../shared/layout/usePageTitle";
import { planning } from "../../../shared/api/planEndpoints";
import type { SectionComment } from "../../../shared/api/planTypes";
import { Markdown } from "../../../shared/components/Markdown";
import "../i18n";
import "../../planning/plan.css";
import { numberLabel } from "../draftModel";
import { CommentForm, CommentThread, CommentToggle, commentTargets, ItemComments, kpiKey, kpiTarget, type CommentsContext } from "../components/ItemComments";
import { CoverageLine, NotReflectedSection } from "../components/PlanCoverage";
import { TableRegion } from "../../../shared/components/TableRegion";

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
  usePageTitle(draft.data?.content.title ?? t("drafts:public.draftTitle"));
  const notYet = draft.error instanceof ApiError && draft.error.status === 404;
  const feedback = process.data?.phase === "feedback";
  const canComment = !!me && me.role === "resident" && feedback;
  const [openKey, setOpenKey] = useState<string | null>(null);
  const [message, setMessage] = useState<string>();
  const d = draft.data;
  const byKey = new Map<string, SectionComment[]>();
  for (const c of comments.data ?? []) byKey.set(c.section_key, [...(byKey.get(c.section_key) ?? []), c]);
  const on = (key: string) => byKey.get(key) ?? [];
  // comments on an item a later version removed stay readable, with their version
  const current = d && commentTargets(d.content);
  const earlier = (comments.data ?? []).filter((c) => !current?.has(c.section_key));
  const ctx: CommentsContext = {
    draftId: d?.id ?? 0,
    publishedVersion: d?.published_version ?? null,
    canComment,
    openKey,
    setOpenKey: (key) => {
      setOpenKey(key);
      if (key) setMessage(undefined);
    },
    onSent: () => setMessage(t("drafts:public.commentSent")),
  };
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
      {!d && <h1>{t("drafts:public.draftTitle")}</h1>}
      {draft.isPending && <Loading />}
      {notYet ? <p className="notice notice--info">{t("drafts:public.draftNotYet")}</p> : draft.isError && <ErrorMessage error={draft.error} onRetry={() => void draft.refetch()} />}
      {d && (
        <article className="plan-doc" aria-labelledby="plan-title">
          <h1 id="plan-title">{d.content.title}</h1>
          <p className="card__meta">
            <span>{t("drafts:public.version", { version: d.published_version ?? d.version })}</span>
            {d.published_at && <span>{t("drafts:public.publishedOn", { date: formatDateTime(d.published_at, i18n.language) })}</span>}
          </p>
          {feedback && <p className="notice notice--info">{t("drafts:public.feedbackOpen")}</p>}
          {feedback && !me && <p className="small">{t("drafts:public.signInToComment")}</p>}
          <LiveMessage message={message} />
          {d.content.preamble && <Markdown source={d.content.preamble} baseLevel={2} />}
          <CoverageLine coverage={d.coverage} />
          <nav aria-label={t("drafts:public.contents")} className="plan-toc">
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
              <ItemComments target={{ key: goal.key, level: "goal", number: numberLabel(gi), title: goal.title }} comments={on(goal.key)} ctx={ctx} />
              {(goal.measures ?? []).map((m, mi) => (
                <section key={m.key} className="plan-measure" aria-labelledby={`m-${m.key}`}>
                  <h3 id={`m-${m.key}`}>
                    <span className="plan-label">{t("drafts:public.measure", { label: numberLabel(gi, mi) })}</span> {m.title}
                  </h3>
                  {m.body && <Markdown source={m.body} baseLevel={4} />}
                  <ItemComments target={{ key: m.key, level: "measure", number: numberLabel(gi, mi), title: m.title }} comments={on(m.key)} ctx={ctx} />
                  {(m.actions ?? []).length > 0 && (
                    <>
                      <h4>{t("drafts:public.actions")}</h4>
                      <ul className="plan-actions">
                        {(m.actions ?? []).map((a, ai) => (
                          <li key={a.key}>
                            <span className="plan-label">{numberLabel(gi, mi, ai)}</span> {a.title}
                            <ItemComments target={{ key: a.key, level: "action", number: numberLabel(gi, mi, ai), title: a.title }} comments={on(a.key)} ctx={ctx} />
                          </li>
                        ))}
                      </ul>
                    </>
                  )}
                  {(m.voices ?? []).length > 0 && (
                    <>
                      <h4>{t("drafts:public.measureVoices")}</h4>
                      <ul className="plan-voices">
                        {(m.voices ?? []).map((v) => (
                          <li key={v.proposal_id}>
                            「{v.text}」<span className="small">（{t("drafts:public.voiceOf", { id: v.proposal_id })}）</span>
                          </li>
                        ))}
                      </ul>
                    </>
                  )}
                  {(m.kpis ?? []).length > 0 && (
                    <TableRegion label={t("drafts:public.kpisOf", { label: numberLabel(gi, mi) })}>
                      <table className="table table--compact">
                        <caption className="table-caption">{t("drafts:public.kpis")}</caption>
                        <thead>
                          <tr>
                            <th scope="col">{t("drafts:editor.kpiName")}</th>
                            <th scope="col">{t("drafts:editor.kpiBaseline")}</th>
                            <th scope="col">{t("drafts:editor.kpiTarget")}</th>
                            <th scope="col">{t("drafts:editor.kpiYear")}</th>
                            <th scope="col">{t("drafts:public.kpiSource")}</th>
                            <th scope="col">{t("drafts:public.kpiComments")}</th>
                          </tr>
                        </thead>
                        <tbody>
                          {(m.kpis ?? []).map((k, i) => {
                            const value = (v?: string) => v || (k.pending ? t("drafts:public.kpiPending") : "—");
                            return (
                              <tr key={i}>
                                <th scope="row">{k.unit ? `${k.name}（${k.unit}）` : k.name}</th>
                                <td>{value(k.baseline)}</td>
                                <td>{value(k.target)}</td>
                                <td>{value(k.target_year)}</td>
                                <td>{k.source || "—"}</td>
                                <td>
                                  <CommentToggle target={kpiTarget(m.key, i, k.name, numberLabel(gi, mi, i))} count={on(kpiKey(m.key, i)).length} ctx={ctx} />
                                </td>
                              </tr>
                            );
                          })}
                        </tbody>
                      </table>
                    </TableRegion>
                  )}
                  {(m.kpis ?? []).map((k, i) => {
                    const target = kpiTarget(m.key, i, k.name, numberLabel(gi, mi, i));
                    const list = on(target.key);
                    if (list.length === 0 && openKey !== target.key) return null;
                    return (
                      <div key={target.key} className="item-comments item-comments--kpi">
                        <h4 className="item-comments__heading">{t("drafts:public.commentsOnKpi", { number: target.number, title: k.name })}</h4>
                        <CommentThread comments={list} publishedVersion={ctx.publishedVersion} />
                        {openKey === target.key && <CommentForm target={target} ctx={ctx} />}
                      </div>
                    );
                  })}
                </section>
              ))}
            </section>
          ))}
          {earlier.length > 0 && (
            <section className="plan-goal" aria-labelledby="earlier-comments">
              <h2 id="earlier-comments">{t("drafts:public.earlierComments")}</h2>
              <CommentThread comments={earlier} publishedVersion={ctx.publishedVersion} />
            </section>
          )}
          <NotReflectedSection items={d.content.not_reflected} />
        </article>
      )}
    </>
  );
}
