/**
 * The theme map's geometry: data coordinates (the run's 2-D map positions) to SVG coordinates,
 * with a zoom factor and a centre that zoom and pan move. Pure functions, tested on numbers.
 */

export interface Size {
  width: number;
  height: number;
}

export interface Domain {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

/** What the map shows: zoom factor k (1 = everything) and the data point at the centre. */
export interface View {
  k: number;
  cx: number;
  cy: number;
}

export const MIN_ZOOM = 1;
export const MAX_ZOOM = 16;

/** The bounding box of the points, padded so markers on the edge stay inside. */
export function domainOf(points: { x: number; y: number }[], padding = 0.06): Domain {
  if (points.length === 0) return { minX: -1, maxX: 1, minY: -1, maxY: 1 };
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const p of points) {
    minX = Math.min(minX, p.x);
    maxX = Math.max(maxX, p.x);
    minY = Math.min(minY, p.y);
    maxY = Math.max(maxY, p.y);
  }
  // A single point (or a line) still needs an extent.
  const spanX = maxX - minX || 1;
  const spanY = maxY - minY || 1;
  return {
    minX: minX - spanX * padding,
    maxX: maxX + spanX * padding,
    minY: minY - spanY * padding,
    maxY: maxY + spanY * padding,
  };
}

export function initialView(domain: Domain): View {
  return { k: 1, cx: (domain.minX + domain.maxX) / 2, cy: (domain.minY + domain.maxY) / 2 };
}

const scaleX = (domain: Domain, size: Size, k: number) => (k * size.width) / (domain.maxX - domain.minX);
const scaleY = (domain: Domain, size: Size, k: number) => (k * size.height) / (domain.maxY - domain.minY);

/** Data → screen. The y axis points up in the data and down on screen. */
export function project(point: { x: number; y: number }, domain: Domain, view: View, size: Size) {
  return {
    x: size.width / 2 + (point.x - view.cx) * scaleX(domain, size, view.k),
    y: size.height / 2 - (point.y - view.cy) * scaleY(domain, size, view.k),
  };
}

/** Screen → data (the inverse of project). */
export function invert(screen: { x: number; y: number }, domain: Domain, view: View, size: Size) {
  return {
    x: view.cx + (screen.x - size.width / 2) / scaleX(domain, size, view.k),
    y: view.cy - (screen.y - size.height / 2) / scaleY(domain, size, view.k),
  };
}

export const clampZoom = (k: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, k));

/** Keep the centre inside the data so one cannot pan the points out of sight. */
export function clampCenter(view: View, domain: Domain): View {
  const halfW = (domain.maxX - domain.minX) / (2 * view.k);
  const halfH = (domain.maxY - domain.minY) / (2 * view.k);
  const clamp = (v: number, lo: number, hi: number) => (lo > hi ? (lo + hi) / 2 : Math.min(hi, Math.max(lo, v)));
  return {
    k: view.k,
    cx: clamp(view.cx, domain.minX + halfW, domain.maxX - halfW),
    cy: clamp(view.cy, domain.minY + halfH, domain.maxY - halfH),
  };
}

/** Zoom by `factor` keeping the data point under `anchor` (a screen point) where it is. */
export function zoomAt(view: View, factor: number, anchor: { x: number; y: number }, domain: Domain, size: Size): View {
  const k = clampZoom(view.k * factor);
  const fixed = invert(anchor, domain, view, size);
  const next = {
    k,
    cx: fixed.x - (anchor.x - size.width / 2) / scaleX(domain, size, k),
    cy: fixed.y + (anchor.y - size.height / 2) / scaleY(domain, size, k),
  };
  return clampCenter(next, domain);
}

/** Move the view by a screen distance (e.g. a drag or an arrow key). */
export function panBy(view: View, dx: number, dy: number, domain: Domain, size: Size): View {
  return clampCenter(
    {
      k: view.k,
      cx: view.cx - dx / scaleX(domain, size, view.k),
      cy: view.cy + dy / scaleY(domain, size, view.k),
    },
    domain,
  );
}

/** Zoom so a set of points fills the map (used when a theme is chosen). */
export function fitView(points: { x: number; y: number }[], domain: Domain): View {
  if (points.length === 0) return initialView(domain);
  const box = domainOf(points, 0.25);
  const k = clampZoom(
    Math.min((domain.maxX - domain.minX) / (box.maxX - box.minX), (domain.maxY - domain.minY) / (box.maxY - box.minY)),
  );
  return clampCenter({ k, cx: (box.minX + box.maxX) / 2, cy: (box.minY + box.maxY) / 2 }, domain);
}
