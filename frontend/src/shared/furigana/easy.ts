/**
 * やさしい日本語: easier wording of the few UI strings residents found hard (phase names with
 * 素案・整理, sign-in notes, the phase help), shown instead of the standard Japanese while the
 * ふりがな mode is on. Short sentences, common words, spaces between phrases (分かち書き), as the
 * Agency for Cultural Affairs' 在留支援のためのやさしい日本語ガイドライン advises. Keys mirror
 * src/i18n/ja.ts; a key missing here falls back to the standard string. Namespace "easy".
 */
import { useTranslation } from "react-i18next";
import i18n from "../i18n";
import { useFurigana } from "./mode";

export const easyJa = {
  phases: {
    themes: "テーマに まとめる",
    draft: "計画の 下書きを つくる",
    feedback: "下書きへの 意見",
  },
  phaseHelp: {
    ideas: "アイデアを 書いて 出せます。ほかの 人の アイデアに 賛成・反対を えらんだり、コメントを 書いたり できます。",
    voting: "ほかの 人の アイデアに 賛成・反対を えらんだり、コメントを 書いたり できます。新しい アイデアは もう 出せません。",
    themes: "市が みんなの アイデアを テーマごとに まとめて います。",
    draft: "市が 計画の 下書きを つくって います。",
    feedback: "計画の 下書きへの 意見を 書けます。",
  },
  process: {
    canDoNow: "いま できること",
    signInToTake: "参加する ときは、ログインして ください。",
    themesLink: "みんなの 意見から わかった テーマ",
    draftLink: "計画の 下書き",
  },
  vote: {
    signIn: "投票する ときは、ログインして ください。",
  },
};

if (!i18n.hasResourceBundle("ja", "easy")) i18n.addResourceBundle("ja", "easy", easyJa, true, true);

/** `t` that prefers the やさしい日本語 string while the mode is on and the language is Japanese. */
export function useEasyT(): (key: string, options?: Record<string, unknown>) => string {
  const { t, i18n: instance } = useTranslation();
  const easy = useFurigana() && instance.language === "ja";
  return (key, options) => (easy ? t([`easy:${key}`, key], options) : t(key, options)) as string;
}
