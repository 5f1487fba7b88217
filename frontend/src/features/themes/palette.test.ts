import { describe, expect, it } from "vitest";
import { OKABE_ITO, OTHER_COLOUR, SHAPES, shapePath, themeStyle } from "./palette";

describe("theme colours and shapes", () => {
  it("gives the first 56 themes distinct colour-and-shape pairs", () => {
    const pairs = new Set(Array.from({ length: 56 }, (_, i) => themeStyle(i)).map((s) => `${s.colour}/${s.shape}`));
    expect(pairs.size).toBe(56);
  });

  it("does not rely on colour alone: neighbouring themes differ in shape too", () => {
    for (let i = 0; i < 20; i++) expect(themeStyle(i).shape).not.toBe(themeStyle(i + 1).shape);
  });

  it("uses the colour-blind-safe palette and grey for the 'other' bucket", () => {
    expect(OKABE_ITO).toContain(themeStyle(0).colour);
    expect(themeStyle(3, true).colour).toBe(OTHER_COLOUR);
    expect(themeStyle(3, true).number).toBe(4);
  });

  it("draws every shape as a closed path", () => {
    for (const shape of SHAPES) expect(shapePath(shape, 5)).toMatch(/^M.*Z$/);
  });
});

describe("theme styles on the board", () => {
  it("keep a theme's colour and shape when another theme is merged away", async () => {
    const { themeStyles } = await import("./palette");
    const theme = (key: string) => ({ key, is_other: false }) as never;
    const before = themeStyles([theme("t1"), theme("t2"), theme("t3")]);
    const after = themeStyles([theme("t1"), theme("t3")]);
    expect(after.get("t3")!.colour).toBe(before.get("t3")!.colour);
    expect(after.get("t3")!.shape).toBe(before.get("t3")!.shape);
    expect(after.get("t3")!.number).toBe(2);
  });
});
