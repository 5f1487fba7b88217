/**
 * A state as a labelled badge (実行中, 決裁待ち, 反映): the words carry the state and the tone only
 * repeats it in colour (WCAG 1.4.1). One look for the states of every feature: runs, exports,
 * approvals, publication, the city's answers.
 */
import type { ReactNode } from "react";

export type StateTone = "success" | "danger" | "info" | "neutral" | "accent";

export function StateBadge({ tone, children }: { tone: StateTone; children: ReactNode }) {
  return <span className={`state-badge state-badge--${tone}`}>{children}</span>;
}

/** The tone of a background job's status (an analysis run, an export). */
export function jobTone(status: string): StateTone {
  if (status === "succeeded") return "success";
  if (status === "failed") return "danger";
  return status === "cancelled" ? "neutral" : "info";
}
