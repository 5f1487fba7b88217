/**
 * The two ways a planner chooses an analysis, in plain words: 標準（推奨） reads the meaning of
 * sentences (the best embedding model available, `auto`), 高速・簡易 counts shared words (TF-IDF).
 * The backend names stay behind 「詳細」.
 */
import type { AnalysisBackend } from "../../shared/api/planTypes";

export const PRESETS = { standard: "auto", fast: "tfidf" } as const satisfies Record<string, AnalysisBackend>;
export type Preset = keyof typeof PRESETS;

/** What a run (or a form) amounts to for the planner: only TF-IDF is the quick, rough one. */
export function presetOf(backend: string | null | undefined): Preset {
  return backend === "tfidf" ? "fast" : "standard";
}
