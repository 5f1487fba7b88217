import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import en from "./en";
import ja from "./ja";
import { isSingularOf, resolves } from "./translation";

function keys(tree: object, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "string" ? [`${prefix}${key}`] : keys(value as object, `${prefix}${key}.`),
  );
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

describe("translations", () => {
  // the default namespace only: each feature's own namespace is checked by namespaces.test.ts
  const jaKeys = keys(ja);
  const enKeys = keys(en);

  it("has every Japanese key in English", () => {
    expect(jaKeys.filter((key) => !enKeys.includes(key))).toEqual([]);
  });

  it("has every English key in Japanese", () => {
    expect(enKeys.filter((key) => !jaKeys.includes(key) && !isSingularOf(key, jaKeys))).toEqual([]);
  });

  it("has no empty messages", () => {
    const empty = (tree: object) => keys(tree).filter((key) => !key.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], tree));
    expect(empty(ja)).toEqual([]);
    expect(empty(en)).toEqual([]);
  });

  it("uses the same {{placeholders}} in both languages", () => {
    const placeholders = (tree: object, key: string) =>
      [...String(key.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], tree)).matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
    const mismatched = jaKeys.filter(
      (key) => JSON.stringify(placeholders(ja, key)) !== JSON.stringify(placeholders(en, key)),
    );
    expect(mismatched).toEqual([]);
  });

  it("defines every literal key the code passes to t()", () => {
    const root = join(__dirname, "..", "..");
    const used = new Set<string>();
    for (const file of sources(root)) {
      const text = readFileSync(file, "utf8");
      for (const match of text.matchAll(/\bt\(\s*"([a-zA-Z_.-]+)"/g)) used.add(match[1]);
      for (const match of text.matchAll(/key: "([a-zA-Z_.-]+)"(?!\s*\|)/g)) used.add(match[1]);
      for (const match of text.matchAll(/fieldKey: "([a-zA-Z_.-]+)"/g)) used.add(match[1]);
    }
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((key) => !resolves(key, jaKeys))).toEqual([]);
  });
});

describe("counts and the first language", () => {
  it("says 1 proposal and 2 proposals in English, 提案 3 件 in Japanese", async () => {
    const { default: i18n } = await import("./index");
    const en = i18n.getFixedT("en");
    expect(en("home.proposalCount", { count: 1 })).toBe("1 proposal");
    expect(en("home.proposalCount", { count: 2 })).toBe("2 proposals");
    expect(en("proposal.commentCount", { count: 1 })).toBe("1 comment");
    expect(en("vote.count", { count: 1 })).toBe("1 person");
    expect(i18n.getFixedT("ja")("home.proposalCount", { count: 3 })).toBe("提案 3 件");
    expect(i18n.getFixedT("ja")("proposal.commentCount", { count: 1 })).toBe("コメント 1 件");
  });

  it("follows the browser on a first visit: ja* is Japanese, anything else English", async () => {
    const { browserLanguage } = await import("./index");
    expect(browserLanguage(["ja-JP", "en-US"])).toBe("ja");
    expect(browserLanguage(["ja"])).toBe("ja");
    expect(browserLanguage(["en-US", "ja"])).toBe("en");
    expect(browserLanguage(["fr-FR"])).toBe("en");
    expect(browserLanguage([])).toBe("ja");
  });
});
