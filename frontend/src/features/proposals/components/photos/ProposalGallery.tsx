/** The photos of a proposal, each with its description as alt text. */
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { ProposalImage } from "../../../../shared/api/types";

interface Props {
  images: ProposalImage[];
  /** controls under each photo (the author's delete button) */
  actions?: (image: ProposalImage, number: number) => ReactNode;
  children?: ReactNode;
}

export function ProposalGallery({ images, actions, children }: Props) {
  const { t } = useTranslation();
  if (images.length === 0 && !children) return null;
  return (
    <section className="proposal__photos" aria-labelledby="photos-heading">
      <h2 id="photos-heading">{t("photos.heading")}</h2>
      {images.length > 0 && (
        <ul className="photo-gallery">
          {images.map((image, index) => (
            <li key={image.id} className="photo-gallery__item">
              <img
                src={image.url}
                alt={image.alt}
                width={image.width}
                height={image.height}
                loading="lazy"
                className="photo-gallery__image"
              />
              {actions?.(image, index + 1)}
            </li>
          ))}
        </ul>
      )}
      {children}
    </section>
  );
}
