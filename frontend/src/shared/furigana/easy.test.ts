import { describe, expect, it } from "vitest";
import ja from "../i18n/ja";
import { easyJa } from "./easy";

function entries(tree: object, prefix = ""): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "string" ? [[`${prefix}${key}`, value] as [string, string]] : entries(value as object, `${prefix}${key}.`),
  );
}

describe("やさしい日本語 strings", () => {
  const standard = new Map(entries(ja));

  it("replace existing Japanese keys only, with the same placeholders", () => {
    for (const [key, easy] of entries(easyJa)) {
      expect(standard.has(key), key).toBe(true);
      const holes = (s: string) => [...s.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
      expect(holes(easy), key).toEqual(holes(standard.get(key)!));
    }
  });

  it("differ from the standard wording", () => {
    for (const [key, easy] of entries(easyJa)) expect(easy, key).not.toBe(standard.get(key));
  });
});
