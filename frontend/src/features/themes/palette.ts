/**
 * Theme colours and shapes. The Okabe–Ito palette stays distinguishable with the common kinds of
 * colour-blindness; every theme also gets its own marker shape and a number, so colour is never
 * the only cue (WCAG 1.4.1). Markers have a dark outline so light colours keep 3:1 contrast.
 */
import type { Theme } from "../../shared/api/planTypes";

export const OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442", "#000000"];
export const OTHER_COLOUR = "#8C8C8C";

export const SHAPES = ["circle", "square", "triangle", "diamond", "triangleDown", "cross", "star"] as const;
export type Shape = (typeof SHAPES)[number];

export interface ThemeStyle {
  colour: string;
  shape: Shape;
  /** 1-based number shown in the legend and on the map. */
  number: number;
}

/** A distinct (colour, shape) pair for each of the first 56 themes, in board order. */
export function themeStyle(index: number, isOther = false): ThemeStyle {
  if (isOther) return { colour: OTHER_COLOUR, shape: "cross", number: index + 1 };
  return {
    colour: OKABE_ITO[index % OKABE_ITO.length],
    shape: SHAPES[(index + Math.floor(index / OKABE_ITO.length)) % SHAPES.length],
    number: index + 1,
  };
}

/** An SVG path for a marker of radius r centred on (0, 0). */
export function shapePath(shape: Shape, r: number): string {
  const f = (n: number) => Number(n.toFixed(2));
  switch (shape) {
    case "circle":
      return `M${-r},0a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0Z`;
    case "square": {
      const s = f(r * 0.88);
      return `M${-s},${-s}H${s}V${s}H${-s}Z`;
    }
    case "triangle":
      return `M0,${f(-r * 1.15)}L${f(r)},${f(r * 0.75)}H${f(-r)}Z`;
    case "triangleDown":
      return `M0,${f(r * 1.15)}L${f(r)},${f(-r * 0.75)}H${f(-r)}Z`;
    case "diamond":
      return `M0,${f(-r * 1.2)}L${f(r * 1.2)},0L0,${f(r * 1.2)}L${f(-r * 1.2)},0Z`;
    case "cross": {
      const a = f(r * 0.38);
      const b = f(r * 1.05);
      return `M${-a},${-b}H${a}V${-a}H${b}V${a}H${a}V${b}H${-a}V${a}H${-b}V${-a}H${-a}Z`;
    }
    case "star": {
      const points: string[] = [];
      for (let i = 0; i < 10; i++) {
        const radius = i % 2 === 0 ? r * 1.25 : r * 0.55;
        const angle = (Math.PI / 5) * i - Math.PI / 2;
        points.push(`${f(Math.cos(angle) * radius)},${f(Math.sin(angle) * radius)}`);
      }
      return `M${points.join("L")}Z`;
    }
  }
}

/**
 * Colour and shape per theme. While the keys are the run's own (t1, t2, …) the style follows the
 * key, so a theme keeps its colour when others are merged away; numbers follow the board order.
 */
export function themeStyles(themes: Theme[]): Map<string, ThemeStyle> {
  const seeds = themes.map((th) => /^t(\d+)$/.exec(th.key)?.[1]);
  const byKey = seeds.every((seed) => seed !== undefined);
  return new Map(
    themes.map((th, i) => [th.key, { ...themeStyle(byKey ? Number(seeds[i]) - 1 : i, th.is_other), number: i + 1 }]),
  );
}
