/** Text with ふりがな over its kanji while the mode is on; the ruby code is a lazy chunk. */
import { lazy, Suspense } from "react";
import { useFurigana } from "./mode";

const RubyText = lazy(() => import("./RubyText"));
const KANJI = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;

/** `lang`: the text's language when known; readings are Japanese, so other text stays plain. */
export function Furi({ text, lang }: { text: string; lang?: string }) {
  const on = useFurigana();
  if (!on || (lang && lang !== "ja") || !KANJI.test(text)) return <>{text}</>;
  return (
    <Suspense fallback={text}>
      <RubyText text={text} />
    </Suspense>
  );
}
