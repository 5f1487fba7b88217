/** 意見の概要と市の考え方: the city's response per theme, proposal or draft comment, with its reflection status. */
import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ErrorMessage, LiveMessage, Loading } from "../../../shared/components/Feedback";
import { Field } from "../../../shared/components/Field";
import { usePageTitle } from "../../../shared/layout/usePageTitle";
import { planning } from "../../../shared/api/planEndpoints";
import { RESPONSE_STATUSES, type Approval, type CityResponse, type ResponseStatus, type WorklistItem } from "../../../shared/api/planTypes";
import { ApprovalBadge, SubmitForApproval } from "../../approvals/components/SubmitForApproval";
import { latestApproval, useProcessApprovals } from "../../approvals/useApprovals";
import { PlanningNav } from "../../planning/components/PlanningNav";
import { latestSucceeded, usePlanningParams, useRuns } from "../../planning/usePlanning";
import "../i18n";
import "../../planning/plan.css";
import { ProposalPicker } from "../components/ProposalPicker";
import { StatusBadge } from "../components/StatusBadge";
import { Worklist } from "../components/Worklist";
import { targetOf } from "../worklistModel";
import { TableRegion } from "../../../shared/components/TableRegion";
import { StateBadge } from "../../../shared/components/StateBadge";

interface Form {
  target: "theme" | "proposal" | "comment";
  themeKey: string;
  /** the run of the theme opened from the worklist (else the latest succeeded one) */
  runId?: number | null;
  proposalId: string;
  proposalTitle?: string;
  commentId: string;
  /** the comment's opening, when opened from the worklist */
  commentText?: string;
  summary: string;
  response: string;
  status: ResponseStatus | "";
}
type Errors = Partial<Record<"themeKey" | "proposalId" | "commentId" | "summary" | "response" | "status", string>>;

const EMPTY: Form = { target: "theme", themeKey: "", proposalId: "", proposalTitle: "", commentId: "", summary: "", response: "", status: "" };
const TARGETS = ["theme", "proposal", "comment"] as const;
const responseTarget = (r: CityResponse): Form["target"] => (r.target_type === "proposal" || r.target_type === "comment" ? r.target_type : "theme");

/** Checks the form as the API does; returns translation keys per field. */
export function checkResponse(form: Form): Errors {
  const errors: Errors = {};
  if (form.target === "theme" && !form.themeKey) errors.themeKey = "responses:errors.theme";
  if (form.target === "proposal" && !/^\d+$/.test(form.proposalId.trim())) errors.proposalId = "responses:errors.proposal";
  if (form.target === "comment" && !/^\d+$/.test(form.commentId.trim())) errors.commentId = "responses:errors.comment";
  if (!form.summary.trim()) errors.summary = "responses:errors.summary";
  else if (form.summary.length > 4000) errors.summary = "responses:errors.tooLong";
  if (!form.response.trim()) errors.response = "responses:errors.response";
  else if (form.response.length > 8000) errors.response = "responses:errors.tooLong";
  if (!form.status) errors.status = "responses:errors.status";
  return errors;
}

/** Residents read a response only once it is approved (決裁); later edits wait for the next approval. */
function PublicationCell({ processId, response, approval, title, onSubmitted }: { processId: number; response: CityResponse; approval?: Approval; title: string; onSubmitted: (m: string) => void }) {
  const { t } = useTranslation();
  const pending = approval?.status === "submitted";
  return (
    <div className="approval-cell">
      <StateBadge tone={response.published_at ? "success" : "neutral"}>
        {response.published_at ? t("responses:approval.published") : t("responses:approval.notPublished")}
      </StateBadge>
      {approval && approval.status !== "approved" && <ApprovalBadge approval={approval} />}
      {!pending && <SubmitForApproval processId={processId} objectType="response" objectId={response.id} context={title} onSubmitted={onSubmitted} />}
    </div>
  );
}

export default function ResponsesPage() {
  const { t } = useTranslation();
  const { processId } = usePlanningParams();
  usePageTitle(t("responses:title"));
  const client = useQueryClient();
  const table = useQuery({ queryKey: ["responses", processId], queryFn: () => planning.responses(processId) });
  const approvals = useProcessApprovals(processId);
  const runs = useRuns(processId);
  const run = latestSucceeded(runs.data);
  const board = useQuery({ queryKey: ["board", run?.id], queryFn: () => planning.board(run!.id), enabled: !!run });
  const themes = board.data?.themes ?? [];
  const [form, setForm] = useState<Form>(EMPTY);
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<string>();
  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));

  const save = useMutation({
    mutationFn: () =>
      planning.saveResponse(processId, {
        summary: form.summary.trim(),
        response: form.response.trim(),
        status: form.status as ResponseStatus,
        ...(form.target === "theme"
          ? { run_id: form.runId ?? board.data?.run_id ?? run?.id ?? null, theme_key: form.themeKey }
          : form.target === "comment"
            ? { comment_id: Number(form.commentId) }
            : { proposal_id: Number(form.proposalId) }),
      }),
    onSuccess: (saved) => {
      void client.invalidateQueries({ queryKey: ["responses", processId] });
      void client.invalidateQueries({ queryKey: ["worklist", processId] });
      setForm(EMPTY);
      setMessage(t("responses:saved", { title: titleOf(saved) }));
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = checkResponse(form);
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) {
      document.getElementById(`response-${first}`)?.focus();
      return;
    }
    save.mutate();
  };
  const edit = (r: CityResponse) => {
    setForm({
      target: responseTarget(r),
      themeKey: r.theme_key ?? "",
      runId: r.run_id,
      proposalId: r.proposal_id ? String(r.proposal_id) : "",
      commentId: r.comment_id ? String(r.comment_id) : "",
      proposalTitle: r.target_title,
      summary: r.summary,
      response: r.response,
      status: r.status,
    });
    setErrors({});
    document.getElementById("response-summary")?.focus();
  };
  /** A worklist row opens the form on its item, with its answer if it has one. */
  const answer = (item: WorklistItem) => {
    const target = targetOf(item);
    const given = item.response;
    setForm({
      ...EMPTY,
      target: target.target,
      themeKey: target.target === "theme" ? target.themeKey : "",
      runId: item.run_id,
      proposalId: target.target === "proposal" ? String(target.proposalId) : "",
      proposalTitle: target.target === "proposal" ? target.title : "",
      commentId: target.target === "comment" ? String(target.commentId) : "",
      commentText: target.target === "comment" ? target.title : undefined,
      summary: given?.summary ?? "",
      response: given?.response ?? "",
      status: given?.status ?? "",
    });
    setErrors({});
    document.getElementById("response-summary")?.focus();
  };
  // The API may leave target_title empty for themes; fall back to the board's title.
  const titleOf = (r: CityResponse) =>
    r.target_title ||
    themes.find((th) => th.key === r.theme_key)?.title ||
    (r.proposal_id ? t("shared:board.proposalNumber", { id: r.proposal_id }) : (r.theme_key ?? ""));
  const err = (field: keyof Errors) => (errors[field] ? t(errors[field]!) : undefined);

  return (
    <>
      <PlanningNav processId={processId} />
      <h1>{t("responses:title")}</h1>
      <p>{t("responses:intro")}</p>
      <LiveMessage message={message} />
      <Worklist processId={processId} onAnswer={answer} onMessage={setMessage} />
      <h2>{t("responses:worklist.written")}</h2>
      {table.data && (
        <ul className="status-counts" aria-label={t("responses:counts")}>
          {RESPONSE_STATUSES.map((s) => (
            <li key={s}>
              <StatusBadge status={s} /> {t("responses:count", { count: table.data.counts[s] ?? 0 })}
            </li>
          ))}
        </ul>
      )}
      {table.isPending && <Loading />}
      {table.isError && <ErrorMessage error={table.error} onRetry={() => void table.refetch()} />}
      {table.data && table.data.items.length === 0 && <p className="empty">{t("responses:none")}</p>}
      {table.data && table.data.items.length > 0 && (
        <TableRegion label={t("responses:tableLabel")}>
          <table className="table response-table">
            <thead>
              <tr>
                <th scope="col">{t("responses:target")}</th>
                <th scope="col">{t("shared:responses.summary")}</th>
                <th scope="col">{t("shared:responses.response")}</th>
                <th scope="col">{t("shared:responses.status")}</th>
                <th scope="col">{t("responses:approval.publication")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("responses:edit")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {table.data.items.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    <span className="small block">{t(`responses:targetType.${responseTarget(r)}`)}</span>
                    {r.proposal_id ? <Link to={`/proposals/${r.proposal_id}`}>{titleOf(r)}</Link> : titleOf(r)}
                  </th>
                  <td className="pre-wrap">{r.summary}</td>
                  <td className="pre-wrap">{r.response}</td>
                  <td>
                    <StatusBadge status={r.status} />
                  </td>
                  <td>
                    <PublicationCell processId={processId} response={r} approval={latestApproval(approvals.data, "response", r.id)} title={titleOf(r)} onSubmitted={setMessage} />
                  </td>
                  <td>
                    <button type="button" className="link-button" onClick={() => edit(r)}>
                      {t("responses:edit")}
                      <span className="visually-hidden">: {titleOf(r)}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}

      <form className="panel plan-form response-form" onSubmit={submit} noValidate aria-labelledby="response-form-title">
        <h2 id="response-form-title">{t("responses:formTitle")}</h2>
        <p className="small">{t("responses:formHelp")}</p>
        <fieldset className="fieldset fieldset--inline">
          <legend>{t("responses:target")}</legend>
          {TARGETS.map((target) => (
            <label key={target} className="radio">
              <input type="radio" name="response-target" checked={form.target === target} onChange={() => set({ target, runId: null, commentText: undefined })} />
              {t(`responses:targetType.${target}`)}
            </label>
          ))}
        </fieldset>
        {form.target === "comment" && form.commentText ? (
          <p className="notice notice--info">
            {t("responses:worklist.commentTarget")}：{form.commentText}
          </p>
        ) : form.target === "theme" ? (
          <Field id="response-themeKey" label={t("responses:theme")} required error={err("themeKey")} hint={!run ? t("responses:noRun") : undefined}>
            {(props) => (
              <select {...props} className="select" value={form.themeKey} onChange={(e) => set({ themeKey: e.target.value, runId: null })}>
                <option value="">{t("shared:board.chooseTheme")}</option>
                {themes.map((th) => (
                  <option key={th.key} value={th.key}>
                    {th.title}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : form.target === "comment" ? (
          <Field id="response-commentId" label={t("responses:comment")} hint={t("responses:commentHint")} required error={err("commentId")}>
            {(props) => <input {...props} className="input input--short" inputMode="numeric" value={form.commentId} onChange={(e) => set({ commentId: e.target.value })} />}
          </Field>
        ) : (
          <Field id="response-proposalId" label={t("responses:proposal")} hint={t("responses:proposalHint")} required error={err("proposalId")}>
            {(props) => (
              <ProposalPicker {...props} processId={processId} chosen={form.proposalTitle ?? ""} onChoose={(p) => set({ proposalId: String(p.id), proposalTitle: p.title })} />
            )}
          </Field>
        )}
        <Field id="response-summary" label={t("shared:responses.summary")} hint={t("responses:summaryHint")} required error={err("summary")}>
          {(props) => <textarea {...props} className="textarea" rows={3} value={form.summary} onChange={(e) => set({ summary: e.target.value })} />}
        </Field>
        <Field id="response-response" label={t("shared:responses.response")} hint={t("responses:responseHint")} required error={err("response")}>
          {(props) => <textarea {...props} className="textarea" rows={4} value={form.response} onChange={(e) => set({ response: e.target.value })} />}
        </Field>
        <Field id="response-status" label={t("shared:responses.status")} required error={err("status")}>
          {(props) => (
            <select {...props} className="select" value={form.status} onChange={(e) => set({ status: e.target.value as ResponseStatus })}>
              <option value="">{t("responses:chooseStatus")}</option>
              {RESPONSE_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`responses:status.${s}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {Object.keys(errors).length > 0 && (
          <p className="notice notice--error" role="alert">
            {t("shared:common.fixErrors", { count: Object.keys(errors).length })}
          </p>
        )}
        {save.isError && <ErrorMessage error={save.error} />}
        <div className="button-row">
          <button type="submit" className="button button--primary" disabled={save.isPending}>
            {t("responses:save")}
          </button>
          <button type="button" className="button button--ghost" onClick={() => { setForm(EMPTY); setErrors({}); }}>
            {t("responses:clear")}
          </button>
        </div>
      </form>
    </>
  );
}
