import { describe, expect, it } from "vitest";
import { clampCenter, domainOf, fitView, initialView, invert, MAX_ZOOM, panBy, project, zoomAt } from "./mapScale";

const size = { width: 1000, height: 500 };
const points = [
  { x: -1, y: -1 },
  { x: 1, y: 1 },
  { x: 0, y: 0.5 },
];

describe("the theme map's geometry", () => {
  it("pads the data's bounding box and centres the first view on it", () => {
    const domain = domainOf(points, 0.1);
    expect(domain).toEqual({ minX: -1.2, maxX: 1.2, minY: -1.2, maxY: 1.2 });
    expect(initialView(domain)).toEqual({ k: 1, cx: 0, cy: 0 });
  });

  it("gives a single point an extent instead of dividing by zero", () => {
    const domain = domainOf([{ x: 3, y: 3 }]);
    expect(domain.maxX).toBeGreaterThan(domain.minX);
    expect(domain.maxY).toBeGreaterThan(domain.minY);
  });

  it("puts the corners of the data at the corners of the map, y pointing up", () => {
    const domain = domainOf(points, 0);
    const view = initialView(domain);
    expect(project({ x: -1, y: 1 }, domain, view, size)).toEqual({ x: 0, y: 0 });
    expect(project({ x: 1, y: -1 }, domain, view, size)).toEqual({ x: 1000, y: 500 });
  });

  it("inverts what it projects, at any zoom", () => {
    const domain = domainOf(points);
    const view = { k: 3.5, cx: 0.2, cy: -0.1 };
    const screen = project({ x: 0.3, y: 0.4 }, domain, view, size);
    const back = invert(screen, domain, view, size);
    expect(back.x).toBeCloseTo(0.3);
    expect(back.y).toBeCloseTo(0.4);
  });

  it("keeps the point under the cursor in place when zooming (the wheel)", () => {
    const domain = domainOf(points);
    const view = initialView(domain);
    const anchor = { x: 400, y: 200 };
    const before = invert(anchor, domain, view, size);
    const zoomed = zoomAt(view, 2, anchor, domain, size);
    expect(zoomed.k).toBe(2);
    const after = project(before, domain, zoomed, size);
    expect(after.x).toBeCloseTo(anchor.x);
    expect(after.y).toBeCloseTo(anchor.y);
  });

  it("limits zoom between the whole map and the maximum", () => {
    const domain = domainOf(points);
    const centre = { x: 500, y: 250 };
    expect(zoomAt(initialView(domain), 0.5, centre, domain, size).k).toBe(1);
    expect(zoomAt({ k: MAX_ZOOM, cx: 0, cy: 0 }, 4, centre, domain, size).k).toBe(MAX_ZOOM);
  });

  it("does not pan the data out of sight", () => {
    const domain = domainOf(points, 0);
    const view = { k: 2, cx: 0, cy: 0 };
    // Dragging far left and down moves the view right and up, until the data's edge.
    const far = panBy(view, -100000, 100000, domain, size);
    // At 2× half the data is visible: the centre stops half a view from the edge.
    expect(far.cx).toBeCloseTo(0.5);
    expect(far.cy).toBeCloseTo(0.5);
    expect(clampCenter({ k: 1, cx: 5, cy: 5 }, domain)).toEqual({ k: 1, cx: 0, cy: 0 });
  });

  it("fits a theme's points when a theme is chosen", () => {
    const domain = domainOf(points, 0);
    const view = fitView([{ x: 0.8, y: 0.8 }, { x: 0.9, y: 0.9 }], domain);
    expect(view.k).toBeGreaterThan(4);
    const at = project({ x: 0.85, y: 0.85 }, domain, view, size);
    expect(at.x).toBeGreaterThan(0);
    expect(at.x).toBeLessThan(size.width);
  });
});
