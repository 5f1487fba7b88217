/** The photo rules the server enforces (backend/proposals/images.py), checked before sending. */

export const MAX_PHOTOS = 3;
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
export const MAX_ALT = 200;
// A hint only: the server judges the type from the bytes.
export const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp"];

/** A photo chosen in the form, not yet sent. */
export interface PendingPhoto {
  key: string;
  file: File;
  alt: string;
  preview: string;
}

/** The i18n key of what is wrong with a chosen file, if anything. */
export function fileProblem(file: File): string | undefined {
  if (file.size > MAX_PHOTO_BYTES) return "photos.tooLarge";
  if (file.type && !PHOTO_TYPES.includes(file.type)) return "photos.wrongType";
  return undefined;
}

/** The i18n key of what is wrong with an alt text, if anything. */
export function altProblem(alt: string): string | undefined {
  if (!alt.trim()) return "photos.altRequired";
  if ([...alt.trim()].length > MAX_ALT) return "photos.altTooLong";
  return undefined;
}

export const altId = (idPrefix: string, index: number) => `${idPrefix}-alt-${index}`;

/** Problems of every pending photo's alt text, by photo key. */
export function photoProblems(photos: PendingPhoto[]): Record<string, string | undefined> {
  return Object.fromEntries(photos.map((p) => [p.key, altProblem(p.alt)]));
}

/** A data: URL to preview the file (the page's CSP allows data: images, not blob:). */
export function readPreview(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

let counter = 0;
export async function pendingPhoto(file: File): Promise<PendingPhoto> {
  counter += 1;
  return { key: `photo-${counter}`, file, alt: "", preview: await readPreview(file) };
}
