import { describe, expect, it } from "vitest";
import { barShare, bucket, cellText, fillDays, maxOf, niceMax, ticks } from "./chartMath";

describe("council chart numbers", () => {
  it("rounds axis maxima up to 1, 2 or 5 times a power of ten", () => {
    expect([niceMax(0), niceMax(7), niceMax(23), niceMax(116), niceMax(10495)]).toEqual([1, 10, 50, 200, 20000]);
  });

  it("puts ticks on round numbers", () => {
    expect(ticks(50)).toEqual([0, 10, 20, 30, 40, 50]);
    expect(ticks(20)).toEqual([0, 5, 10, 15, 20]);
  });

  it("shows withheld cells as <5 and never draws a bar for them", () => {
    const withheld = { key: "aoba", participants: null, withheld: true };
    expect(cellText(withheld)).toBe("<5");
    expect(barShare(withheld, 50)).toBe(0);
    expect(cellText({ key: "chuo", participants: 23, withheld: false })).toBe("23");
    expect(barShare({ key: "chuo", participants: 25, withheld: false }, 50)).toBe(0.5);
  });

  it("takes the axis from the shown cells only", () => {
    expect(maxOf([{ key: "a", participants: 23, withheld: false }, { key: "b", participants: null, withheld: true }])).toBe(50);
  });

  it("fills days without activity so the time axis is even", () => {
    const days = fillDays([
      { day: "2026-07-03", proposals: 2, votes: 0, comments: 0 },
      { day: "2026-07-01", proposals: 1, votes: 0, comments: 0 },
    ]);
    expect(days.map((d) => [d.day, d.proposals])).toEqual([
      ["2026-07-01", 1],
      ["2026-07-02", 0],
      ["2026-07-03", 2],
    ]);
  });

  it("sums long periods into fewer bars without losing any count", () => {
    const days = Array.from({ length: 100 }, (_, i) => ({ day: `d${i}`, proposals: 1, votes: 2, comments: 0 }));
    const bars = bucket(days, 50);
    expect(bars).toHaveLength(50);
    expect(bars.reduce((s, d) => s + d.proposals, 0)).toBe(100);
  });
});
