/**
 * The strategy draft as an editable tree — 基本目標 (goal) → 施策 (measure) → 主な取組 (action) and
 * 指標 (KPI) — with pure, immutable updates, and what to do when someone saved first (409).
 */
import { ApiError } from "../../shared/api/client";
import type { Draft, DraftContent, Goal, Kpi, Measure, PlanAction } from "../../shared/api/planTypes";

export type NodeLevel = "goal" | "measure" | "action";
export type NodePatch = Partial<Pick<PlanAction, "title" | "body" | "theme_keys" | "proposal_ids">>;

const goalsOf = (content: DraftContent) => content.sections ?? [];

/** Apply `patch` to the goal, measure or action whose key is `key`. */
export function updateNode(content: DraftContent, key: string, patch: NodePatch): DraftContent {
  return {
    ...content,
    sections: goalsOf(content).map((goal) =>
      goal.key === key
        ? { ...goal, ...patch }
        : {
            ...goal,
            measures: (goal.measures ?? []).map((measure) =>
              measure.key === key
                ? { ...measure, ...patch }
                : {
                    ...measure,
                    actions: (measure.actions ?? []).map((action) => (action.key === key ? { ...action, ...patch } : action)),
                  },
            ),
          },
    ),
  };
}

function mapMeasure(content: DraftContent, measureKey: string, change: (m: Measure) => Measure): DraftContent {
  return {
    ...content,
    sections: goalsOf(content).map((goal) => ({
      ...goal,
      measures: (goal.measures ?? []).map((m) => (m.key === measureKey ? change(m) : m)),
    })),
  };
}

/** Every key used in the tree (goals, measures, actions). */
export function allKeys(content: DraftContent): Set<string> {
  const keys = new Set<string>();
  for (const goal of goalsOf(content)) {
    keys.add(goal.key);
    for (const measure of goal.measures ?? []) {
      keys.add(measure.key);
      for (const action of measure.actions ?? []) keys.add(action.key);
    }
  }
  return keys;
}

/** The first unused key `${prefix}${n}` (keys follow the generator's g1, g1-m2, g1-m2-a3). */
export function nextKey(used: Set<string>, prefix: string): string {
  for (let n = 1; ; n++) if (!used.has(`${prefix}${n}`)) return `${prefix}${n}`;
}

export function addGoal(content: DraftContent, title: string): DraftContent {
  const goal: Goal = { key: nextKey(allKeys(content), "g"), title, body: "", theme_keys: [], proposal_ids: [], measures: [] };
  return { ...content, sections: [...goalsOf(content), goal] };
}

export function addMeasure(content: DraftContent, goalKey: string, title: string): DraftContent {
  const used = allKeys(content);
  return {
    ...content,
    sections: goalsOf(content).map((goal) =>
      goal.key !== goalKey
        ? goal
        : {
            ...goal,
            measures: [
              ...(goal.measures ?? []),
              { key: nextKey(used, `${goal.key}-m`), title, body: "", theme_keys: [], proposal_ids: [], actions: [], kpis: [] },
            ],
          },
    ),
  };
}

export function addAction(content: DraftContent, measureKey: string, title: string): DraftContent {
  const used = allKeys(content);
  return mapMeasure(content, measureKey, (m) => ({
    ...m,
    actions: [...(m.actions ?? []), { key: nextKey(used, `${m.key}-a`), title, body: "", theme_keys: [], proposal_ids: [] }],
  }));
}

export function addKpi(content: DraftContent, measureKey: string, name: string): DraftContent {
  return mapMeasure(content, measureKey, (m) => ({
    ...m,
    kpis: [...(m.kpis ?? []), { name, baseline: "", target: "", target_year: "", unit: "", source: "", direction: "increase", pending: false }],
  }));
}

export function updateKpi(content: DraftContent, measureKey: string, index: number, patch: Partial<Kpi>): DraftContent {
  return mapMeasure(content, measureKey, (m) => ({
    ...m,
    kpis: (m.kpis ?? []).map((kpi, i) => (i === index ? { ...kpi, ...patch } : kpi)),
  }));
}

export function removeKpi(content: DraftContent, measureKey: string, index: number): DraftContent {
  return mapMeasure(content, measureKey, (m) => ({ ...m, kpis: (m.kpis ?? []).filter((_, i) => i !== index) }));
}

/** Remove a goal, measure or action (with everything under it). */
export function removeNode(content: DraftContent, key: string): DraftContent {
  return {
    ...content,
    sections: goalsOf(content)
      .filter((goal) => goal.key !== key)
      .map((goal) => ({
        ...goal,
        measures: (goal.measures ?? [])
          .filter((m) => m.key !== key)
          .map((m) => ({ ...m, actions: (m.actions ?? []).filter((a) => a.key !== key) })),
      })),
  };
}

/** Plan numbering as residents read it: 1, 1-2, 1-2-3. */
export function numberLabel(...indexes: number[]): string {
  return indexes.map((i) => i + 1).join("-");
}

/** "12, 15 20" → [12, 15, 20]; anything that is not a whole number is reported. */
export function parseIds(text: string): { ids: number[]; invalid: string[] } {
  const parts = text.split(/[\s,、，]+/).filter(Boolean);
  const ids: number[] = [];
  const invalid: string[] = [];
  for (const part of parts) {
    if (/^\d+$/.test(part)) {
      const id = Number(part);
      if (!ids.includes(id)) ids.push(id);
    } else invalid.push(part);
  }
  return { ids, invalid };
}

export const formatIds = (ids: number[] | undefined) => (ids ?? []).join(", ");

/** The newer version someone else saved, when a save answers 409. */
export interface SaveConflict {
  currentVersion: number;
  current: DraftContent | null;
}

export function saveConflict(error: unknown): SaveConflict | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  const version = Number(error.problem.current_version);
  if (!Number.isFinite(version)) return null;
  const current = error.problem.current as Draft | DraftContent | undefined;
  // The problem carries either the whole draft or only its content.
  const content = current && "content" in current ? (current as Draft).content : ((current as DraftContent | undefined) ?? null);
  return { currentVersion: version, current: content };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export interface MergeResult {
  content: DraftContent;
  /** Keys (goal keys, or "title" / "preamble") changed on both sides; my version was kept. */
  conflicts: string[];
}

/**
 * Three-way merge at goal level: what only they changed is taken from theirs, what only I
 * changed is kept, and where both changed the same goal mine wins and the key is reported so
 * the planner can check it. Goals added on either side are kept; a goal deleted on one side and
 * untouched on the other is dropped.
 */
export function mergeDrafts(base: DraftContent, mine: DraftContent, theirs: DraftContent): MergeResult {
  const conflicts: string[] = [];
  const pick = <T,>(name: string, b: T, m: T, t: T): T => {
    if (same(m, b)) return t;
    if (same(t, b) || same(m, t)) return m;
    conflicts.push(name);
    return m;
  };
  const byKey = (goals: Goal[] | undefined) => new Map((goals ?? []).map((g) => [g.key, g]));
  const baseGoals = byKey(base.sections);
  const myGoals = byKey(mine.sections);
  const theirGoals = byKey(theirs.sections);
  const order = [...(theirs.sections ?? []).map((g) => g.key)];
  for (const goal of mine.sections ?? []) if (!order.includes(goal.key)) order.push(goal.key);

  const sections: Goal[] = [];
  for (const key of order) {
    const b = baseGoals.get(key);
    const m = myGoals.get(key);
    const t = theirGoals.get(key);
    if (!b) {
      // Added on one side (or both: then both versions are the same key; keep mine).
      if (m && t && !same(m, t)) conflicts.push(key);
      const added = m ?? t;
      if (added) sections.push(added);
      continue;
    }
    if (!m || !t) {
      // Deleted on one side: drop it unless the other side changed it.
      const survivor = m ?? t;
      if (survivor && !same(survivor, b)) {
        conflicts.push(key);
        sections.push(survivor);
      }
      continue;
    }
    sections.push(pick(key, b, m, t));
  }
  return {
    content: {
      title: pick("title", base.title, mine.title, theirs.title),
      preamble: pick("preamble", base.preamble ?? "", mine.preamble ?? "", theirs.preamble ?? ""),
      sections,
    },
    conflicts,
  };
}
