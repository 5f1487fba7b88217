/** 素案の編集: edit, save a version (with "someone saved first" handling), submit a version for approval (決裁), and side views. */
import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { ErrorMessage, LiveMessage, Loading } from "../../../shared/components/Feedback";
import { Field } from "../../../shared/components/Field";
import { usePageTitle } from "../../../shared/layout/usePageTitle";
import { planning } from "../../../shared/api/planEndpoints";
import { ApprovalBadge, SubmitForApproval } from "../../approvals/components/SubmitForApproval";
import { latestApproval, useProcessApprovals } from "../../approvals/useApprovals";
import type { Draft, DraftContent } from "../../../shared/api/planTypes";
import { PlanningNav } from "../../planning/components/PlanningNav";
import { usePlanningParams } from "../../planning/usePlanning";
import "../i18n";
import "../../planning/plan.css";
import { mergeDrafts, saveConflict, type SaveConflict } from "../draftModel";
import { PhaseForDraft } from "./DraftsPage";
import { CommentsView, LineageView, VersionsView } from "../components/DraftSideViews";
import { DraftTreeEditor } from "../components/DraftTreeEditor";
import { CoverageLine, NotReflectedSection } from "../components/PlanCoverage";
import { useStateFrom } from "../../../shared/components/useStateFrom";

const VIEWS = ["edit", "versions", "lineage", "comments"] as const;
type ViewName = (typeof VIEWS)[number];

interface Working {
  baseVersion: number;
  base: DraftContent;
  content: DraftContent;
}

function ConflictNotice({ conflict, onReload, onMerge }: { conflict: SaveConflict; onReload: () => void; onMerge: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="notice notice--warning" role="alert" id="save-conflict" tabIndex={-1}>
      <p>
        <strong>{t("drafts:editor.conflictTitle", { version: conflict.currentVersion })}</strong>
      </p>
      <p>{t("drafts:editor.conflictHelp")}</p>
      <div className="button-row">
        <button type="button" className="button button--small button--primary" onClick={onMerge} disabled={!conflict.current}>
          {t("drafts:editor.merge")}
        </button>
        <button type="button" className="button button--small button--secondary" onClick={onReload}>
          {t("drafts:editor.reload")}
        </button>
      </div>
    </div>
  );
}

/** Publishing a version goes through approval (決裁): the planner submits it, a second staff member approves it. */
function PublishForm({ draft, onMessage }: { draft: Draft; onMessage: (m: string) => void }) {
  const { t } = useTranslation();
  const [version, setVersion] = useStateFrom(draft.current_version);
  const approvals = useProcessApprovals(draft.process_id);
  const latest = latestApproval(approvals.data, "draft", draft.id);
  return (
    <section className="panel plan-form" aria-labelledby="publish-title">
      <h2 id="publish-title">{t("drafts:editor.publishTitle")}</h2>
      <p className="small">
        {draft.published_version
          ? t("drafts:editor.publishedNow", { version: draft.published_version })
          : t("drafts:editor.notPublishedYet")}
      </p>
      {latest && latest.status !== "approved" && (
        <p className="small">
          {t("drafts:versions.version", { number: latest.target })} <ApprovalBadge approval={latest} />
        </p>
      )}
      <div className="inline-form">
        <label htmlFor="publish-version">{t("drafts:editor.publishVersion")}</label>
        <select id="publish-version" className="select select--small" value={version} onChange={(e) => setVersion(Number(e.target.value))}>
          {Array.from({ length: draft.current_version }, (_, i) => draft.current_version - i).map((n) => (
            <option key={n} value={n}>
              {t("drafts:versions.version", { number: n })}
            </option>
          ))}
        </select>
        <SubmitForApproval processId={draft.process_id} objectType="draft" objectId={draft.id} target={String(version)} onSubmitted={onMessage} />
      </div>
      <p className="small">{t("drafts:editor.publishPhase")}</p>
      {draft.published_version && (
        <p className="small">
          <Link to={`/processes/${draft.process_id}/draft`}>{t("drafts:editor.viewPublic")}</Link>
        </p>
      )}
    </section>
  );
}

export default function DraftEditorPage() {
  const { t } = useTranslation();
  const { processId, draftId } = usePlanningParams();
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const view: ViewName = VIEWS.includes(params.get("view") as ViewName) ? (params.get("view") as ViewName) : "edit";
  usePageTitle(t("drafts:editor.title"));
  const draft = useQuery({ queryKey: ["draft", draftId], queryFn: () => planning.draft(draftId!), enabled: !!draftId });
  const board = useQuery({
    queryKey: ["board", draft.data?.run_id],
    queryFn: () => planning.board(draft.data!.run_id!),
    enabled: !!draft.data?.run_id,
  });
  const [working, setWorking] = useState<Working>();
  const [note, setNote] = useState("");
  const [conflict, setConflict] = useState<SaveConflict | null>(null);
  const [mergedKeys, setMergedKeys] = useState<string[]>([]);
  const [message, setMessage] = useState<string>();

  // the first load starts the working copy (set while rendering: no effect, no stale frame)
  if (draft.data && !working) setWorking({ baseVersion: draft.data.current_version, base: draft.data.content, content: draft.data.content });

  const dirty = !!working && JSON.stringify(working.content) !== JSON.stringify(working.base);
  const save = useMutation({
    mutationFn: (w: Working) => planning.saveDraft(draftId!, w.baseVersion, w.content, note.trim()),
    onSuccess: (saved) => {
      client.setQueryData(["draft", draftId], saved);
      setWorking({ baseVersion: saved.current_version, base: saved.content, content: saved.content });
      setConflict(null);
      setMergedKeys([]);
      setNote("");
      setMessage(t("drafts:editor.saved", { version: saved.current_version }));
    },
    onError: (error) => {
      const found = saveConflict(error);
      if (found) {
        setConflict(found);
        window.setTimeout(() => document.getElementById("save-conflict")?.focus(), 0);
      }
    },
  });
  const reload = async () => {
    const fresh = await client.fetchQuery({ queryKey: ["draft", draftId], queryFn: () => planning.draft(draftId!), staleTime: 0 });
    setWorking({ baseVersion: fresh.current_version, base: fresh.content, content: fresh.content });
    setConflict(null);
    setMergedKeys([]);
    save.reset();
    setMessage(t("drafts:editor.reloaded", { version: fresh.current_version }));
  };
  const merge = () => {
    if (!conflict?.current || !working) return;
    const merged = mergeDrafts(working.base, working.content, conflict.current);
    setWorking({ baseVersion: conflict.currentVersion, base: conflict.current, content: merged.content });
    setMergedKeys(merged.conflicts);
    setConflict(null);
    save.reset();
    setMessage(t("drafts:editor.mergedMessage", { version: conflict.currentVersion }));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (working) save.mutate(working);
  };
  const goalTitle = (key: string) =>
    key === "title" ? t("drafts:editor.docTitle") : key === "preamble" ? t("drafts:editor.preamble") : (working?.content.sections ?? []).find((g) => g.key === key)?.title ?? key;

  return (
    <>
      <PlanningNav processId={processId} />
      <h1>{t("drafts:editor.title")}</h1>
      <LiveMessage message={message} />
      {draft.isPending && <Loading />}
      {draft.isError && <ErrorMessage error={draft.error} onRetry={() => void draft.refetch()} />}
      {draft.data && working && (
        <>
          <p className="lead">
            {draft.data.content.title}{" "}
            <span className="count">{t("drafts:versionInfo", { version: draft.data.current_version })}</span>
          </p>
          <CoverageLine coverage={draft.data.coverage} />
          <nav aria-label={t("drafts:editor.views")} className="view-switch">
            <ul>
              {VIEWS.map((v) => (
                <li key={v}>
                  <Link to={`?view=${v}`} aria-current={v === view ? "page" : undefined} onClick={() => setParams({ view: v })}>
                    {t(`drafts:editor.view.${v}`)}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          {view === "edit" && (
            <div className="editor-layout">
              <form onSubmit={submit} noValidate aria-labelledby="edit-title" className="panel">
                <h2 id="edit-title">{t("drafts:editor.editTitle")}</h2>
                <p className="small">{t("drafts:editor.editHelp", { version: working.baseVersion })}</p>
                {conflict && <ConflictNotice conflict={conflict} onReload={() => void reload()} onMerge={merge} />}
                {mergedKeys.length > 0 && (
                  <div className="notice notice--info">
                    <p>{t("drafts:editor.mergedBoth")}</p>
                    <ul>
                      {mergedKeys.map((k) => (
                        <li key={k}>{goalTitle(k)}</li>
                      ))}
                    </ul>
                  </div>
                )}
                <DraftTreeEditor content={working.content} themes={board.data?.themes ?? []} onChange={(content) => setWorking({ ...working, content })} />
                <div className="save-bar">
                  <Field id="save-note" label={t("drafts:editor.note")} hint={t("drafts:editor.noteHint")}>
                    {(props) => <input {...props} className="input" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />}
                  </Field>
                  {save.isError && !conflict && <ErrorMessage error={save.error} />}
                  <button type="submit" className="button button--primary" disabled={save.isPending || !dirty}>
                    {save.isPending ? t("drafts:editor.saving") : t("drafts:editor.save")}
                  </button>
                  {!dirty && <p className="small">{t("drafts:editor.noChanges")}</p>}
                </div>
              </form>
              <div>
                <PhaseForDraft processId={processId} onMessage={setMessage} />
                <PublishForm draft={draft.data} onMessage={setMessage} />
              </div>
            </div>
          )}
          {(view === "edit" || view === "lineage") && <NotReflectedSection items={draft.data.content.not_reflected} />}
          {view === "versions" && <VersionsView draft={draft.data} />}
          {view === "lineage" && <LineageView draft={draft.data} />}
          {view === "comments" && <CommentsView draft={draft.data} />}
        </>
      )}
    </>
  );
}
