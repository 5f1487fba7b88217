import { describe, expect, it } from "vitest";
import { ApiError } from "../../shared/api/client";
import type { DraftContent } from "../../shared/api/planTypes";
import {
  addAction,
  addGoal,
  addKpi,
  addMeasure,
  mergeDrafts,
  numberLabel,
  parseIds,
  removeNode,
  saveConflict,
  updateKpi,
  updateNode,
} from "./draftModel";

const kpi = { baseline: "", target: "", target_year: "", unit: "", source: "", direction: "increase", pending: false } as const;
const base: DraftContent = {
  title: "総合計画 素案",
  preamble: "前文",
  sections: [
    {
      key: "g1",
      title: "基本目標1",
      body: "",
      measures: [
        {
          key: "g1-m1",
          title: "施策1-1",
          body: "",
          actions: [{ key: "g1-m1-a1", title: "取組", body: "" }],
          kpis: [{ ...kpi, name: "満足度" }],
        },
      ],
    },
    { key: "g2", title: "基本目標2", body: "", measures: [] },
  ],
};

describe("editing the draft tree", () => {
  it("updates a goal, a measure or an action by key without touching the rest", () => {
    const next = updateNode(base, "g1-m1-a1", { title: "新しい取組", proposal_ids: [3, 4] });
    expect(next.sections![0].measures![0].actions![0]).toMatchObject({ title: "新しい取組", proposal_ids: [3, 4] });
    expect(next.sections![1]).toEqual(base.sections![1]);
    expect(base.sections![0].measures![0].actions![0].title).toBe("取組");
  });

  it("adds items with keys that follow the generator's pattern and never collide", () => {
    let next = addGoal(base, "新しい基本目標");
    expect(next.sections!.at(-1)!.key).toBe("g3");
    next = addMeasure(next, "g1", "新しい施策");
    expect(next.sections![0].measures!.at(-1)!.key).toBe("g1-m2");
    next = addAction(next, "g1-m1", "新しい取組");
    expect(next.sections![0].measures![0].actions!.map((a) => a.key)).toEqual(["g1-m1-a1", "g1-m1-a2"]);
  });

  it("adds, edits and removes KPIs with baseline and target", () => {
    let next = addKpi(base, "g1-m1", "利用者数");
    next = updateKpi(next, "g1-m1", 1, { baseline: "120人", target: "200人", target_year: "2030年度" });
    expect(next.sections![0].measures![0].kpis![1]).toEqual({ ...kpi, name: "利用者数", baseline: "120人", target: "200人", target_year: "2030年度" });
  });

  it("removes an item with everything under it", () => {
    const next = removeNode(base, "g1-m1");
    expect(next.sections![0].measures).toEqual([]);
    expect(removeNode(base, "g2").sections!.map((g) => g.key)).toEqual(["g1"]);
  });

  it("numbers items as the plan prints them", () => {
    expect(numberLabel(0)).toBe("1");
    expect(numberLabel(1, 0, 2)).toBe("2-1-3");
  });

  it("reads proposal numbers separated by commas, 、 or spaces and reports the rest", () => {
    expect(parseIds("12, 15、20 12")).toEqual({ ids: [12, 15, 20], invalid: [] });
    expect(parseIds("3 abc 4.5")).toEqual({ ids: [3], invalid: ["abc", "4.5"] });
  });
});

describe("when someone saved first", () => {
  const conflict = new ApiError(409, {
    type: "/problems/conflict",
    status: 409,
    detail: "Someone saved version 3 while you edited version 2.",
    current_version: 3,
    current: { id: 1, content: { ...base, preamble: "別の前文" } },
  });

  it("recognises the 409 and carries the current version and content", () => {
    const found = saveConflict(conflict);
    expect(found?.currentVersion).toBe(3);
    expect(found?.current?.preamble).toBe("別の前文");
  });

  it("ignores other errors, including a 409 that is not a save conflict", () => {
    expect(saveConflict(new ApiError(409, { type: "/problems/conflict", detail: "phase" }))).toBeNull();
    expect(saveConflict(new ApiError(422, {}))).toBeNull();
    expect(saveConflict(new Error("x"))).toBeNull();
  });

  it("merges: their changes are taken, mine are kept", () => {
    const mine = updateNode(base, "g1", { title: "私の基本目標1" });
    const theirs = { ...base, preamble: "別の前文" };
    const merged = mergeDrafts(base, mine, theirs);
    expect(merged.conflicts).toEqual([]);
    expect(merged.content.preamble).toBe("別の前文");
    expect(merged.content.sections![0].title).toBe("私の基本目標1");
  });

  it("keeps mine and reports it where we both changed the same goal", () => {
    const mine = updateNode(base, "g2", { title: "私の案" });
    const theirs = updateNode(base, "g2", { title: "相手の案" });
    const merged = mergeDrafts(base, mine, theirs);
    expect(merged.conflicts).toEqual(["g2"]);
    expect(merged.content.sections![1].title).toBe("私の案");
  });

  it("keeps goals added on either side and drops one deleted on one side only", () => {
    const mine = addGoal(base, "私が足した目標");
    const theirs = removeNode(base, "g2");
    const merged = mergeDrafts(base, mine, theirs);
    expect(merged.content.sections!.map((g) => g.title)).toEqual(["基本目標1", "私が足した目標"]);
    expect(merged.conflicts).toEqual([]);
  });
});
