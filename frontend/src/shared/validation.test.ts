import { describe, expect, it } from "vitest";
import i18n from "./i18n";
import { parseTags, validateProposal, validateSignUp } from "./validation";

const say = (problem?: { key: string; values?: Record<string, unknown> }) => {
  if (!problem) return undefined;
  const values = { ...problem.values };
  if (typeof values.fieldKey === "string") values.field = i18n.t(values.fieldKey);
  return i18n.t(problem.key, values);
};

describe("proposal validation", () => {
  it("asks for a title, a body and a district in plain Japanese", async () => {
    await i18n.changeLanguage("ja");
    const problems = validateProposal({ title: "  ", body: "", district_code: "", tags: "" });
    expect(say(problems.title)).toBe("タイトルを入力してください。");
    expect(say(problems.body)).toBe("提案の内容を入力してください。");
    expect(say(problems.district_code)).toBe("関係する地区を選んでください。");
    expect(problems.tags).toBeUndefined();
  });

  it("limits the title to 120 and the body to 4000 characters, counting Japanese characters", async () => {
    await i18n.changeLanguage("ja");
    const ok = validateProposal({ title: "あ".repeat(120), body: "い".repeat(4000), district_code: "chuo", tags: "" });
    expect(ok).toEqual({});
    const long = validateProposal({ title: "あ".repeat(121), body: "い".repeat(4001), district_code: "chuo", tags: "" });
    expect(say(long.title)).toBe("タイトルは120文字以内で入力してください（いま 121 文字）。");
    expect(say(long.body)).toContain("4000文字以内");
  });

  it("says the same in English", async () => {
    await i18n.changeLanguage("en");
    const problems = validateProposal({ title: "", body: "x", district_code: "", tags: "" });
    expect(say(problems.title)).toBe("Please fill in “Title”.");
    expect(say(problems.district_code)).toBe("Please choose “District it concerns”.");
  });

  it("allows at most 10 tags, split on Japanese or Latin commas", async () => {
    expect(parseTags("子育て、公園,  バス ，子育て")).toEqual(["子育て", "公園", "バス"]);
    const many = Array.from({ length: 11 }, (_, i) => `t${i}`).join(",");
    expect(validateProposal({ title: "a", body: "b", district_code: "chuo", tags: many }).tags?.key).toBe(
      "validation.tooManyTags",
    );
  });
});

describe("sign-up validation", () => {
  it("checks the e-mail form and the password length", async () => {
    await i18n.changeLanguage("ja");
    const problems = validateSignUp({ email: "hanako", password: "short", display_name: "" });
    expect(say(problems.email)).toContain("メールアドレスの形");
    expect(say(problems.password)).toBe("パスワードは10文字以上で入力してください。");
    expect(say(problems.display_name)).toBe("表示名（ニックネーム）を入力してください。");
    expect(validateSignUp({ email: "hanako@example.jp", password: "0123456789", display_name: "花子" })).toEqual({});
  });
});
