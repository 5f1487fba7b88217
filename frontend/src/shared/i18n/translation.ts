/**
 * The shape a second language must have: every key of the Japanese messages, and for each
 * Japanese plural key `x_other` (Japanese has one plural form) an `x_one` beside it, which
 * i18next picks for a count of 1 in English ("1 proposal", "2 proposals").
 */
export type Translation<T> = { [K in keyof T]: T[K] extends string ? string : Translation<T[K]> } & {
  [K in keyof T as K extends `${infer Base}_other` ? `${Base}_one` : never]: string;
};

/** Whether `key` of a translation is a singular form whose plural `_other` is in `japanese`. */
export const isSingularOf = (key: string, japanese: readonly string[]) =>
  key.endsWith("_one") && japanese.includes(key.replace(/_one$/, "_other"));

/** Whether code calling t(`key`, { count }) finds a message: `key` itself or its plural. */
export const resolves = (key: string, japanese: readonly string[]) =>
  japanese.includes(key) || japanese.includes(`${key}_other`);
