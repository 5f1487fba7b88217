/** The author edits their proposal while the phase allows it (a lazy chunk: few people edit). */
import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { fieldProblems } from "../../../shared/api/client";
import { endpoints } from "../../../shared/api/endpoints";
import { useProcess } from "../../../shared/api/queries";
import type { Proposal } from "../../../shared/api/types";
import { useMe } from "../../../shared/auth/session";
import { useConfirmation } from "../../../shared/components/confirmation";
import { ErrorMessage, Loading } from "../../../shared/components/Feedback";
import { focusFirstProblem, ProposalFields, type ProposalDraft, type ProposalField } from "../components/ProposalFields";
import { SignInLink } from "../../../shared/auth/SignInLink";
import { usePageTitle } from "../../../shared/layout/usePageTitle";
import { hasProblems, parseTags, validateProposal, type Problems } from "../../../shared/validation";

function EditForm({ proposal }: { proposal: Proposal }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const confirm = useConfirmation();
  const [draft, setDraft] = useState<ProposalDraft>({
    title: proposal.title,
    body: proposal.body,
    district_code: proposal.district_code ?? "",
    tags: proposal.tags.join("、"),
  });
  const [problems, setProblems] = useState<Problems<ProposalField>>({});
  const save = useMutation({
    mutationFn: () =>
      endpoints.updateProposal(proposal.id, {
        title: draft.title.trim(),
        body: draft.body.trim(),
        district_code: draft.district_code,
        tags: parseTags(draft.tags),
      }),
    onSuccess: (saved) => {
      client.setQueryData(["proposal", saved.id], saved);
      void client.invalidateQueries({ queryKey: ["proposals", saved.process_id] });
      confirm(t("own.saved"), `/proposals/${saved.id}`);
    },
    onError: (error) => {
      const fromServer = fieldProblems(error, t) as Problems<ProposalField>;
      if (hasProblems(fromServer)) {
        setProblems(fromServer);
        focusFirstProblem("edit", fromServer);
      }
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validateProposal(draft);
    setProblems(found);
    if (hasProblems(found)) focusFirstProblem("edit", found);
    else save.mutate();
  };
  const problemCount = Object.values(problems).filter(Boolean).length;

  return (
    <form onSubmit={submit} noValidate className="form">
      <div role="alert" className={problemCount ? "notice notice--error" : "visually-hidden"}>
        {problemCount > 0 && t("validation.summary", { count: problemCount })}
      </div>
      <ProposalFields idPrefix="edit" draft={draft} onChange={setDraft} problems={problems} />
      {save.isError && !hasProblems(fieldProblems(save.error, t)) && <ErrorMessage error={save.error} />}
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          {save.isPending ? t("own.saving") : t("own.save")}
        </button>
        <Link to={`/proposals/${proposal.id}`} className="button button--secondary">
          {t("own.cancel")}
        </Link>
      </div>
    </form>
  );
}

export default function EditProposalPage() {
  const { t } = useTranslation();
  usePageTitle(t("own.editTitle"));
  const proposalId = Number(useParams().proposalId);
  const proposal = useQuery({ queryKey: ["proposal", proposalId], queryFn: () => endpoints.proposal(proposalId) });
  const process = useProcess(proposal.data?.process_id ?? NaN);
  const me = useMe();

  if (proposal.isPending || me.isPending) return <Loading />;
  if (proposal.isError) return <ErrorMessage error={proposal.error} />;
  const p = proposal.data;
  const mine = !!me.data && p.author?.id === me.data.id;
  const editable = p.status === "published" && !!process.data?.allowed_actions.includes("edit_proposal");

  return (
    <div className="narrow">
      <p className="breadcrumb">
        <Link to={`/proposals/${p.id}`}>{t("own.back")}</Link>
      </p>
      <h1>{t("own.editTitle")}</h1>
      {!me.data ? (
        <p>
          <SignInLink>{t("own.signIn")}</SignInLink>
        </p>
      ) : !mine ? (
        <p className="notice notice--warning">{t("own.notYours")}</p>
      ) : process.isPending ? (
        <Loading />
      ) : !editable ? (
        <p className="notice notice--warning">{t("own.editClosed")}</p>
      ) : (
        <>
          <p>{t("own.editIntro")}</p>
          <EditForm proposal={p} />
        </>
      )}
    </div>
  );
}
