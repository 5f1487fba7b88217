import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import en from "./en";
import ja from "./ja";

function keys(tree: object, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "string" ? [`${prefix}${key}`] : keys(value as object, `${prefix}${key}.`),
  );
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    // features/ registers its own message bundles (see features/i18n) and checks them itself.
    if (statSync(path).isDirectory()) return name === "features" ? [] : sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

describe("translations", () => {
  const jaKeys = keys(ja);
  const enKeys = keys(en);

  it("has every Japanese key in English", () => {
    expect(jaKeys.filter((key) => !enKeys.includes(key))).toEqual([]);
  });

  it("has every English key in Japanese", () => {
    expect(enKeys.filter((key) => !jaKeys.includes(key))).toEqual([]);
  });

  it("has no empty messages", () => {
    const empty = (tree: object) => keys(tree).filter((key) => !key.split(".").reduce<any>((o, k) => o[k], tree));
    expect(empty(ja)).toEqual([]);
    expect(empty(en)).toEqual([]);
  });

  it("uses the same {{placeholders}} in both languages", () => {
    const placeholders = (tree: object, key: string) =>
      [...String(key.split(".").reduce<any>((o, k) => o[k], tree)).matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
    const mismatched = jaKeys.filter(
      (key) => JSON.stringify(placeholders(ja, key)) !== JSON.stringify(placeholders(en, key)),
    );
    expect(mismatched).toEqual([]);
  });

  it("defines every literal key the code passes to t()", () => {
    const root = join(__dirname, "..");
    const used = new Set<string>();
    for (const file of sources(root)) {
      const text = readFileSync(file, "utf8");
      for (const match of text.matchAll(/\bt\(\s*"([a-zA-Z_.\-]+)"/g)) used.add(match[1]);
      for (const match of text.matchAll(/key: "([a-zA-Z_.\-]+)"/g)) used.add(match[1]);
      for (const match of text.matchAll(/fieldKey: "([a-zA-Z_.\-]+)"/g)) used.add(match[1]);
    }
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((key) => !jaKeys.includes(key))).toEqual([]);
  });
});
