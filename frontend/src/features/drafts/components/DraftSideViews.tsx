/** Versions with the 新旧対照表, the lineage (plan item ← themes ← proposals) and residents' comments on every plan item. */
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ErrorMessage, Loading } from "../../../shared/components/Feedback";
import { formatDateTime } from "../../../shared/components/format";
import { planning } from "../../../shared/api/planEndpoints";
import type { Draft, LineageItem } from "../../../shared/api/planTypes";
import { CompareTable } from "./DraftCompare";
import { StatusBadge } from "../../responses/components/StatusBadge";
import { commentTargets, itemName } from "./ItemComments";
import "../i18n";
import { TableRegion } from "../../../shared/components/TableRegion";

export function VersionsView({ draft }: { draft: Draft }) {
  const { t, i18n } = useTranslation();
  const versions = useQuery({ queryKey: ["draft-versions", draft.id, draft.current_version], queryFn: () => planning.versions(draft.id) });
  const [from, setFrom] = useState(Math.max(1, draft.current_version - 1));
  const [to, setTo] = useState(draft.current_version);
  const comparison = useQuery({
    queryKey: ["draft-compare", draft.id, from, to],
    queryFn: () => planning.compare(draft.id, from, to),
    enabled: from !== to,
  });
  const numbers = (versions.data ?? []).map((v) => v.number);
  return (
    <section aria-labelledby="versions-title">
      <h2 id="versions-title">{t("drafts:versions.title")}</h2>
      {versions.isPending && <Loading />}
      {versions.isError && <ErrorMessage error={versions.error} />}
      {versions.data && (
        <TableRegion label={t("drafts:versions.title")}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("drafts:versions.number")}</th>
                <th scope="col">{t("drafts:versions.note")}</th>
                <th scope="col">{t("drafts:versions.saved")}</th>
              </tr>
            </thead>
            <tbody>
              {[...versions.data].reverse().map((v) => (
                <tr key={v.number}>
                  <th scope="row">
                    {t("drafts:versions.version", { number: v.number })}
                    {v.number === draft.published_version && <span className="badge badge--current">{t("drafts:versions.published")}</span>}
                  </th>
                  <td>{v.note || "—"}</td>
                  <td>{formatDateTime(v.created_at, i18n.language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      <h3>{t("drafts:versions.compare")}</h3>
      <div className="inline-form">
        <label htmlFor="diff-from">{t("drafts:versions.from")}</label>
        <select id="diff-from" className="select select--small" value={from} onChange={(e) => setFrom(Number(e.target.value))}>
          {numbers.map((n) => (
            <option key={n} value={n}>
              {t("drafts:versions.version", { number: n })}
            </option>
          ))}
        </select>
        <label htmlFor="diff-to">{t("drafts:versions.to")}</label>
        <select id="diff-to" className="select select--small" value={to} onChange={(e) => setTo(Number(e.target.value))}>
          {numbers.map((n) => (
            <option key={n} value={n}>
              {t("drafts:versions.version", { number: n })}
            </option>
          ))}
        </select>
      </div>
      {from === to ? (
        <p className="empty">{t("drafts:versions.sameVersion")}</p>
      ) : comparison.isPending ? (
        <Loading />
      ) : comparison.isError ? (
        <ErrorMessage error={comparison.error} />
      ) : (
        <>
          <p>
            <a className="button button--secondary" href={planning.compareDocxUrl(draft.id, from, to)} download>
              {t("drafts:compare.download")}
            </a>
          </p>
          <CompareTable comparison={comparison.data} />
        </>
      )}
    </section>
  );
}

/** The themes behind a plan item by their titles (the key only where the run is gone). */
export function ThemeNames({ item }: { item: LineageItem }) {
  const { i18n } = useTranslation();
  const themes = item.themes ?? item.theme_keys.map((key) => ({ key, title: key, title_en: "" }));
  if (themes.length === 0) return <>—</>;
  const english = i18n.language.startsWith("en");
  return (
    <ul className="plain-list">
      {themes.map((theme) => (
        <li key={theme.key}>{english && theme.title_en ? theme.title_en : theme.title}</li>
      ))}
    </ul>
  );
}

export function LineageView({ draft }: { draft: Draft }) {
  const { t } = useTranslation();
  const lineage = useQuery({ queryKey: ["lineage", draft.id, draft.current_version], queryFn: () => planning.lineage(draft.id) });
  return (
    <section aria-labelledby="lineage-title">
      <h2 id="lineage-title">{t("drafts:lineage.title")}</h2>
      <p>{t("drafts:lineage.intro")}</p>
      {lineage.isPending && <Loading />}
      {lineage.isError && <ErrorMessage error={lineage.error} />}
      {lineage.data && (
        <TableRegion label={t("drafts:lineage.title")}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("drafts:lineage.item")}</th>
                <th scope="col">{t("drafts:lineage.themes")}</th>
                <th scope="col">{t("drafts:lineage.proposals")}</th>
                <th scope="col" className="num">
                  {t("drafts:lineage.residents")}
                </th>
              </tr>
            </thead>
            <tbody>
              {lineage.data.map((item) => (
                <tr key={item.key} className={`lineage lineage--${item.level}`}>
                  <th scope="row">
                    <span className="lineage__label">{item.label}</span> {item.title}
                  </th>
                  <td>
                    <ThemeNames item={item} />
                  </td>
                  <td>
                    {item.proposal_ids.length === 0
                      ? "—"
                      : item.proposal_ids.slice(0, 8).map((id, i) => (
                          <span key={id}>
                            {i > 0 && ", "}
                            <Link to={`/proposals/${id}`}>
                              <span className="visually-hidden">{t("drafts:lineage.proposal")}</span>#{id}
                            </Link>
                          </span>
                        ))}
                    {item.proposal_ids.length > 8 && <span className="small"> {t("drafts:lineage.more", { count: item.proposal_ids.length - 8 })}</span>}
                  </td>
                  <td className="num">{item.residents}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
    </section>
  );
}

export function CommentsView({ draft }: { draft: Draft }) {
  const { t, i18n } = useTranslation();
  const comments = useQuery({ queryKey: ["draft-comments", draft.id], queryFn: () => planning.sectionComments(draft.id) });
  const goals = draft.content.sections ?? [];
  const targets = commentTargets(draft.content);
  const itemOf = (key: string) => {
    const target = targets.get(key);
    return target ? itemName(t, target) : key;
  };
  return (
    <section aria-labelledby="comments-title">
      <h2 id="comments-title">{t("drafts:draftComments.title")}</h2>
      {comments.isPending && <Loading />}
      {comments.isError && <ErrorMessage error={comments.error} />}
      {comments.data && comments.data.length === 0 && <p className="empty">{t("drafts:draftComments.none")}</p>}
      {goals.map((goal) => {
        // comments on the goal and on its measures, actions and KPIs (g1, g1-m2, g1-m2-a1, g1-m2-k1)
        const list = (comments.data ?? []).filter((c) => c.section_key === goal.key || c.section_key.startsWith(`${goal.key}-`));
        if (list.length === 0) return null;
        return (
          <section key={goal.key} aria-labelledby={`c-${goal.key}`} className="panel">
            <h3 id={`c-${goal.key}`}>
              {goal.title} <span className="count">({t("drafts:draftComments.count", { count: list.length })})</span>
            </h3>
            <ul className="comment-list">
              {list.map((c) => (
                <li key={c.id} className="comment">
                  <p className="comment__meta">
                    <span>{t("drafts:draftComments.number", { id: c.id })}</span>
                    <span className="comment__author">{c.author_display_name}</span>
                    <span>{formatDateTime(c.created_at, i18n.language)}</span>
                    <span>{t("drafts:versions.version", { number: c.version_number })}</span>
                  </p>
                  <p className="small">{t("drafts:draftComments.on", { item: itemOf(c.section_key) })}</p>
                  <p className="comment__body">{c.body}</p>
                  {c.answer && (
                    <p className="small">
                      {t("drafts:public.cityAnswer")} <StatusBadge status={c.answer.status} />
                    </p>
                  )}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </section>
  );
}
