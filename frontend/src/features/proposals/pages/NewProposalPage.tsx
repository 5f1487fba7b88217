import { lazy, Suspense, useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { fieldProblems, problemMessage } from "../../../shared/api/client";
import { endpoints } from "../../../shared/api/endpoints";
import { useProcess } from "../../../shared/api/queries";
import { useMe } from "../../../shared/auth/session";
import { useConfirmation } from "../../../shared/components/confirmation";
import { ErrorMessage, Loading } from "../../../shared/components/Feedback";
import {
  emptyDraft,
  focusFirstProblem,
  ProposalFields,
  type ProposalDraft,
  type ProposalField,
} from "../components/ProposalFields";
import { SignInLink } from "../../../shared/auth/SignInLink";
import { SimilarProposals } from "../components/SimilarProposals";
import { altId, MAX_PHOTOS, photoProblems, type PendingPhoto } from "../components/photos/rules";
import { processTitle } from "../../../shared/components/format";
import { usePageTitle } from "../../../shared/layout/usePageTitle";
import { hasProblems, parseTags, validateProposal, type Problems } from "../../../shared/validation";

// Choosing photos: a lazy chunk, so the residents' first page load does not carry it.
const PhotoPicker = lazy(() => import("../components/photos/PhotoPicker"));

export function NewProposalPage() {
  const { t, i18n } = useTranslation();
  const processId = Number(useParams().processId);
  const process = useProcess(processId);
  const me = useMe();
  const confirm = useConfirmation();
  const client = useQueryClient();
  const [draft, setDraft] = useState<ProposalDraft>(emptyDraft);
  const [problems, setProblems] = useState<Problems<ProposalField>>({});
  const [photos, setPhotos] = useState<PendingPhoto[]>([]);
  const [photoErrors, setPhotoErrors] = useState<Record<string, string | undefined>>({});
  usePageTitle(t("newProposal.title"));

  const create = useMutation({
    mutationFn: async () => {
      let proposal = await endpoints.createProposal(processId, {
        title: draft.title.trim(),
        body: draft.body.trim(),
        district_code: draft.district_code,
        tags: parseTags(draft.tags),
      });
      // then the photos, one request each; the proposal stands even if one is refused
      let photoError: string | undefined;
      for (const photo of photos) {
        try {
          proposal = await endpoints.addProposalImage(proposal.id, photo.file, photo.alt.trim());
        } catch (error) {
          photoError = problemMessage(error, t, i18n.language);
          break;
        }
      }
      return { proposal, photoError };
    },
    onSuccess: ({ proposal, photoError }) => {
      void client.invalidateQueries({ queryKey: ["proposals", processId] });
      void client.invalidateQueries({ queryKey: ["process", processId] });
      void client.invalidateQueries({ queryKey: ["processes"] });
      client.setQueryData(["proposal", proposal.id], proposal);
      confirm(t("newProposal.posted"), `/proposals/${proposal.id}`, photoError ? { photoError } : undefined);
    },
    onError: (error) => {
      const fromServer = fieldProblems(error, t) as Problems<ProposalField>;
      if (hasProblems(fromServer)) {
        setProblems(fromServer);
        focusFirstProblem("proposal", fromServer);
      }
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validateProposal(draft);
    const foundInPhotos = photoProblems(photos);
    setProblems(found);
    setPhotoErrors(foundInPhotos);
    if (hasProblems(found)) {
      focusFirstProblem("proposal", found);
      return;
    }
    const firstPhoto = photos.findIndex((p) => foundInPhotos[p.key]);
    if (firstPhoto >= 0) {
      document.getElementById(altId("proposal-photo", firstPhoto))?.focus();
      return;
    }
    create.mutate();
  };

  if (process.isPending || me.isPending) return <Loading />;
  if (process.isError) return <ErrorMessage error={process.error} />;
  const p = process.data;
  const problemCount = [...Object.values(problems), ...Object.values(photoErrors)].filter(Boolean).length;

  return (
    <>
      <p className="breadcrumb">
        <Link to={`/processes/${p.id}`}>{processTitle(p, i18n.language)}</Link>
      </p>
      <h1>{t("newProposal.title")}</h1>
      {!me.data ? (
        <p>
          <SignInLink>{t("newProposal.signIn")}</SignInLink>
        </p>
      ) : !p.allowed_actions.includes("propose") ? (
        <p className="notice notice--warning">{t("newProposal.notAllowed")}</p>
      ) : (
        <div className="form-layout">
          <form onSubmit={submit} noValidate className="form" aria-describedby="new-intro">
            <p id="new-intro">{t("newProposal.intro")}</p>
            <div role="alert" className={problemCount ? "notice notice--error" : "visually-hidden"}>
              {problemCount > 0 && t("validation.summary", { count: problemCount })}
            </div>
            <ProposalFields idPrefix="proposal" draft={draft} onChange={setDraft} problems={problems} />
            <fieldset className="fieldset">
              <legend>{t("photos.label")}</legend>
              <Suspense fallback={<Loading />}>
                <PhotoPicker
                  idPrefix="proposal-photo"
                  photos={photos}
                  onChange={setPhotos}
                  room={MAX_PHOTOS}
                  problems={photoErrors}
                />
              </Suspense>
            </fieldset>
            {create.isError && !hasProblems(fieldProblems(create.error, t)) && <ErrorMessage error={create.error} />}
            <div className="button-row">
              <button type="submit" className="button button--primary" disabled={create.isPending}>
                {create.isPending ? t("newProposal.posting") : t("newProposal.submit")}
              </button>
            </div>
            {create.isPending && <Loading label={t("newProposal.posting")} />}
          </form>
          {/* Slot for the live "similar proposals" hint (API planned). */}
          <SimilarProposals processId={p.id} text={`${draft.title}\n${draft.body}`} />
        </div>
      )}
    </>
  );
}
