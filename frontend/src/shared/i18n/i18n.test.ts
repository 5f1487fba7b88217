import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import en from "./en";
import ja from "./ja";
import { adminEn, adminJa } from "../../features/admin/i18n/messages";
import { staffEn, staffJa } from "../../features/moderation/i18n/messages";
import { oidcEn, oidcJa } from "../../features/oidc/i18n/messages";
import { workshopEn, workshopJa } from "../../features/workshops/i18n/messages";
import { staffVerificationEn, staffVerificationJa } from "../../features/verification/i18n/staff";
import { verificationEn, verificationJa } from "../../features/verification/i18n/resident";
import councilEn from "../../features/council/i18n/en";
import councilJa from "../../features/council/i18n/ja";
import plannerEn from "../../features/dashboard/i18n/en";
import plannerJa from "../../features/dashboard/i18n/ja";
import { isSingularOf, resolves } from "./translation";

function keys(tree: object, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "string" ? [`${prefix}${key}`] : keys(value as object, `${prefix}${key}.`),
  );
}

const OWN_NAMESPACES = ["planning", "themes", "drafts", "responses", "approvals", "processes"];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    // the plan-workflow features register their own namespaces (see their i18n/) and check them themselves
    if (statSync(path).isDirectory()) return OWN_NAMESPACES.includes(name) ? [] : sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

describe("translations", () => {
  // the staff and council dashboards, admin, external sign-in, workshop and verification screens register theirs when they load
  const allJa = { ...ja, ...staffJa, planner: plannerJa, council: councilJa, admin: adminJa, oidc: oidcJa, workshop: workshopJa, verification: verificationJa, staffVerification: staffVerificationJa };
  const allEn = { ...en, ...staffEn, planner: plannerEn, council: councilEn, admin: adminEn, oidc: oidcEn, workshop: workshopEn, verification: verificationEn, staffVerification: staffVerificationEn };
  const jaKeys = keys(allJa);
  const enKeys = keys(allEn);

  it("has every Japanese key in English", () => {
    expect(jaKeys.filter((key) => !enKeys.includes(key))).toEqual([]);
  });

  it("has every English key in Japanese", () => {
    expect(enKeys.filter((key) => !jaKeys.includes(key) && !isSingularOf(key, jaKeys))).toEqual([]);
  });

  it("has no empty messages", () => {
    const empty = (tree: object) => keys(tree).filter((key) => !key.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], tree));
    expect(empty(allJa)).toEqual([]);
    expect(empty(allEn)).toEqual([]);
  });

  it("uses the same {{placeholders}} in both languages", () => {
    const placeholders = (tree: object, key: string) =>
      [...String(key.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], tree)).matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
    const mismatched = jaKeys.filter(
      (key) => JSON.stringify(placeholders(allJa, key)) !== JSON.stringify(placeholders(allEn, key)),
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
