/** Small pure rules of the answering worklist (回答の作業一覧), kept apart so they can be tested. */
import type { KindProgress, WorklistItem } from "../../shared/api/planTypes";

/** Whole percent answered, rounded down so that 「100%」 means every item is answered. */
export function percentAnswered({ answered, total }: KindProgress): number {
  return total === 0 ? 0 : Math.floor((answered * 100) / total);
}

export type AnswerTarget =
  | { target: "proposal"; proposalId: number; title: string }
  | { target: "theme"; themeKey: string; title: string }
  | { target: "comment"; commentId: number; title: string };

/** What the answer form is about when a worklist row is opened. */
export function targetOf(item: WorklistItem): AnswerTarget {
  if (item.kind === "theme") return { target: "theme", themeKey: item.theme_key ?? "", title: item.title };
  if (item.kind === "comment") return { target: "comment", commentId: item.id ?? 0, title: item.title };
  return { target: "proposal", proposalId: item.id ?? 0, title: item.title };
}

/** Moves the active option of a listbox by a key press; -1 is none, the ends wrap. */
export function nextActive(key: string, active: number, count: number): number {
  if (count === 0) return -1;
  if (key === "ArrowDown") return active + 1 >= count ? 0 : active + 1;
  if (key === "ArrowUp") return active <= 0 ? count - 1 : active - 1;
  if (key === "Home") return 0;
  if (key === "End") return count - 1;
  return active;
}
