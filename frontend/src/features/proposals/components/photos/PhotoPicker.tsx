/** Choosing photos with their descriptions (alt text), before they are sent. */
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Field } from "../../../../shared/components/Field";
import { altId, fileProblem, MAX_ALT, pendingPhoto, PHOTO_TYPES, type PendingPhoto } from "./rules";

interface Props {
  idPrefix: string;
  photos: PendingPhoto[];
  onChange: (photos: PendingPhoto[]) => void;
  /** how many photos may still be added (3 less those already on the proposal) */
  room: number;
  /** i18n keys of problems, by photo key (shown after a submit) */
  problems: Record<string, string | undefined>;
  /** numbering of the first pending photo (after those already on the proposal) */
  firstNumber?: number;
}

export default function PhotoPicker({ idPrefix, photos, onChange, room, problems, firstNumber = 1 }: Props) {
  const { t } = useTranslation();
  const [chooseError, setChooseError] = useState<string>();
  const input = useRef<HTMLInputElement>(null);
  const chooseId = `${idPrefix}-file`;
  // where focus goes once the list has re-rendered: a new photo's description, or the chooser
  const focusNext = useRef<string | null>(null);
  useEffect(() => {
    if (focusNext.current) document.getElementById(focusNext.current)?.focus();
    focusNext.current = null;
  }, [photos]);

  const choose = async (file: File | undefined) => {
    if (!file) return;
    const problem = fileProblem(file);
    setChooseError(problem);
    if (input.current) input.current.value = "";
    if (problem) return;
    const next = [...photos, await pendingPhoto(file)];
    focusNext.current = altId(idPrefix, next.length - 1);  // the description comes next
    onChange(next);
  };

  const remove = (key: string) => {
    focusNext.current = chooseId;
    onChange(photos.filter((p) => p.key !== key));
  };

  return (
    <>
      {photos.length > 0 && (
        <ul className="photo-picker">
          {photos.map((photo, index) => {
            const number = firstNumber + index;
            return (
              <li key={photo.key} className="photo-picker__item">
                <img src={photo.preview} alt={t("photos.selected", { number })} className="photo-picker__preview" />
                <div className="photo-picker__fields">
                  <Field
                    id={altId(idPrefix, index)}
                    label={t("photos.alt", { number })}
                    hint={t("photos.altHint")}
                    error={problems[photo.key] && t(problems[photo.key]!)}
                    required
                  >
                    {(props) => (
                      <textarea
                        {...props}
                        className="textarea"
                        rows={2}
                        maxLength={MAX_ALT}
                        value={photo.alt}
                        onChange={(e) =>
                          onChange(photos.map((p) => (p.key === photo.key ? { ...p, alt: e.target.value } : p)))
                        }
                      />
                    )}
                  </Field>
                  <button type="button" className="button button--secondary button--small" onClick={() => remove(photo.key)}>
                    {t("photos.remove", { number })}
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {photos.length < room && (
        <Field id={chooseId} label={t("photos.choose")} hint={t("photos.hint")} error={chooseError && t(chooseError)}>
          {(props) => (
            <input
              {...props}
              ref={input}
              type="file"
              className="input input--file"
              accept={PHOTO_TYPES.join(",")}
              onChange={(e) => void choose(e.target.files?.[0])}
            />
          )}
        </Field>
      )}
    </>
  );
}
