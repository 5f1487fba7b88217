/** The author's photos on their proposal page: delete one, add more (up to 3) with descriptions. */
import { useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useLocation } from "react-router";
import { problemMessage } from "../../../../shared/api/client";
import { endpoints } from "../../../../shared/api/endpoints";
import type { Proposal } from "../../../../shared/api/types";
import PhotoPicker from "./PhotoPicker";
import { ProposalGallery } from "./ProposalGallery";
import { altId, MAX_PHOTOS, photoProblems, type PendingPhoto } from "./rules";

const ID_PREFIX = "photo-add";

export default function PhotoManager({ proposal }: { proposal: Proposal }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const location = useLocation();
  const images = proposal.images ?? [];
  const [pending, setPending] = useState<PendingPhoto[]>([]);
  const [problems, setProblems] = useState<Record<string, string | undefined>>({});
  const [status, setStatus] = useState<string>();
  // a photo refused right after posting (NewProposalPage) is reported here, where it can be retried
  const [error, setError] = useState<string | undefined>(
    (location.state as { photoError?: string } | null)?.photoError,
  );

  const saved = (updated: Proposal, message: string) => {
    client.setQueryData(["proposal", updated.id], updated);
    void client.invalidateQueries({ queryKey: ["proposals", updated.process_id] });
    setStatus(message);
    setError(undefined);
  };

  const add = useMutation({
    mutationFn: async () => {
      let updated = proposal;
      for (const photo of pending) {
        updated = await endpoints.addProposalImage(proposal.id, photo.file, photo.alt.trim());
        setPending((current) => current.filter((p) => p.key !== photo.key));
      }
      return updated;
    },
    onSuccess: (updated) => saved(updated, t("photos.added")),
    onError: (failure) => {
      setStatus(undefined);
      setError(problemMessage(failure, t, i18n.language));
      void client.invalidateQueries({ queryKey: ["proposal", proposal.id] });
    },
  });

  const remove = useMutation({
    mutationFn: (imageId: number) => endpoints.removeProposalImage(proposal.id, imageId),
    onSuccess: (updated) => {
      saved(updated, t("photos.deleted"));
      document.getElementById(`${ID_PREFIX}-file`)?.focus();
    },
    onError: (failure) => setError(problemMessage(failure, t, i18n.language)),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = photoProblems(pending);
    setProblems(found);
    const first = pending.findIndex((p) => found[p.key]);
    if (first >= 0) {
      document.getElementById(altId(ID_PREFIX, first))?.focus();
      return;
    }
    add.mutate();
  };

  const room = MAX_PHOTOS - images.length;
  return (
    <ProposalGallery
      images={images}
      actions={(image, number) => (
        <button
          type="button"
          className="button button--secondary button--small"
          disabled={remove.isPending}
          onClick={() => remove.mutate(image.id)}
        >
          {t("photos.delete", { number })}
        </button>
      )}
    >
      <p role="status" className={status ? "notice notice--success" : "visually-hidden"}>
        {status}
      </p>
      {error && (
        <p role="alert" className="notice notice--error">
          {error}
        </p>
      )}
      {room > 0 ? (
        <form onSubmit={submit} noValidate className="form photo-manager">
          <PhotoPicker
            idPrefix={ID_PREFIX}
            photos={pending}
            onChange={setPending}
            room={room}
            problems={problems}
            firstNumber={images.length + 1}
          />
          {pending.length > 0 && (
            <div className="button-row">
              <button type="submit" className="button button--primary" disabled={add.isPending}>
                {add.isPending ? t("photos.adding") : t("photos.add")}
              </button>
            </div>
          )}
        </form>
      ) : (
        <p className="field__hint">{t("photos.full")}</p>
      )}
    </ProposalGallery>
  );
}
