/**
 * The theme map: every proposal as a marker at its map position, coloured and shaped by theme.
 * Zoom with the buttons or the mouse wheel, drag to pan; hover or focus a marker to see the
 * proposal's title; click (or Enter) filters the list to that theme. Arrow keys move between
 * markers. A table with the same content is offered for screen readers (ThemeMapTable).
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from "react";
import { useTranslation } from "react-i18next";
import type { MapPoint, Theme } from "../../../shared/api/planTypes";
import {
  domainOf,
  fitView,
  initialView,
  panBy,
  project,
  zoomAt,
  type Size,
  type View,
} from "../mapScale";
import { shapePath, type ThemeStyle } from "../palette";
import "../i18n";

const SIZE: Size = { width: 960, height: 540 };
const MAX_POINTS = 5000;

export interface ThemeMapProps {
  points: MapPoint[];
  themes: Theme[];
  styles: Map<string, ThemeStyle>;
  selectedTheme: string | null;
  onSelectTheme: (key: string | null, point?: MapPoint) => void;
}

export function MarkerIcon({ style, size = 18 }: { style: ThemeStyle; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="-10 -10 20 20" aria-hidden="true" focusable="false" className="marker-icon">
      <path d={shapePath(style.shape, 7)} fill={style.colour} stroke="#1a1a1a" strokeWidth={1.5} />
    </svg>
  );
}

export function ThemeMap({ points, themes, styles, selectedTheme, onSelectTheme }: ThemeMapProps) {
  const { t } = useTranslation();
  const shown = useMemo(() => points.slice(0, MAX_POINTS), [points]);
  const domain = useMemo(() => domainOf(shown), [shown]);
  const [view, setView] = useState<View>(() => initialView(domain));
  const [hover, setHover] = useState<MapPoint | null>(null);
  const [focusIndex, setFocusIndex] = useState(0);
  const svgRef = useRef<SVGSVGElement>(null);
  const drag = useRef<{ x: number; y: number; moved: boolean } | null>(null);
  const titles = useMemo(() => new Map(themes.map((th) => [th.key, th.title])), [themes]);

  // Markers in reading order (by theme, then left to right) for arrow-key navigation.
  const ordered = useMemo(() => {
    const rank = new Map(themes.map((th, i) => [th.key, i]));
    return [...shown].sort((a, b) => (rank.get(a.theme_key) ?? 99) - (rank.get(b.theme_key) ?? 99) || a.x - b.x);
  }, [shown, themes]);

  // New points start from the whole map; a chosen theme is zoomed so its proposals fill it.
  const [viewOf, setViewOf] = useState({ shown, domain, selectedTheme });
  if (viewOf.shown !== shown || viewOf.domain !== domain || viewOf.selectedTheme !== selectedTheme) {
    setViewOf({ shown, domain, selectedTheme });
    if (selectedTheme) setView(fitView(shown.filter((p) => p.theme_key === selectedTheme), domain));
    else if (viewOf.domain !== domain) setView(initialView(domain));
  }

  // The wheel listener must not be passive, or the page would scroll while zooming.
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const anchor = toSvg(svg, event.clientX, event.clientY);
      setView((v) => zoomAt(v, event.deltaY < 0 ? 1.25 : 0.8, anchor, domain, SIZE));
    };
    svg.addEventListener("wheel", onWheel, { passive: false });
    return () => svg.removeEventListener("wheel", onWheel);
  }, [domain]);

  const centre = { x: SIZE.width / 2, y: SIZE.height / 2 };
  const zoom = (factor: number) => setView((v) => zoomAt(v, factor, centre, domain, SIZE));

  const onPointerDown = (event: PointerEvent<SVGSVGElement>) => {
    if ((event.target as Element).getAttribute("role") === "button") return;
    drag.current = { x: event.clientX, y: event.clientY, moved: false };
  };
  const onPointerMove = (event: PointerEvent<SVGSVGElement>) => {
    const start = drag.current;
    const svg = svgRef.current;
    if (!start || !svg) return;
    const ratio = SIZE.width / svg.getBoundingClientRect().width;
    const dx = (event.clientX - start.x) * ratio;
    const dy = (event.clientY - start.y) * ratio;
    if (Math.abs(dx) + Math.abs(dy) < 2) return;
    drag.current = { x: event.clientX, y: event.clientY, moved: true };
    setView((v) => panBy(v, dx, dy, domain, SIZE));
  };
  const endDrag = () => {
    drag.current = null;
  };

  const focusPoint = (index: number) => {
    const next = (index + ordered.length) % ordered.length;
    setFocusIndex(next);
    const point = ordered[next];
    setHover(point);
    // Bring a marker that is off the map back into view.
    const at = project(point, domain, view, SIZE);
    if (at.x < 0 || at.x > SIZE.width || at.y < 0 || at.y > SIZE.height) {
      setView((v) => panBy(v, SIZE.width / 2 - at.x, SIZE.height / 2 - at.y, domain, SIZE));
    }
    svgRef.current?.querySelector<SVGElement>(`[data-index="${next}"]`)?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<SVGElement>, index: number, point: MapPoint) => {
    if (event.key === "ArrowRight" || event.key === "ArrowDown") focusPoint(index + 1);
    else if (event.key === "ArrowLeft" || event.key === "ArrowUp") focusPoint(index - 1);
    else if (event.key === "Home") focusPoint(0);
    else if (event.key === "End") focusPoint(ordered.length - 1);
    else if (event.key === "Enter" || event.key === " ") onSelectTheme(point.theme_key, point);
    else if (event.key === "+" || event.key === "=") zoom(1.5);
    else if (event.key === "-") zoom(1 / 1.5);
    else return;
    event.preventDefault();
  };

  // Theme numbers at the middle of each theme's markers.
  const centroids = useMemo(() => {
    const sums = new Map<string, { x: number; y: number; n: number }>();
    for (const p of shown) {
      const s = sums.get(p.theme_key) ?? { x: 0, y: 0, n: 0 };
      sums.set(p.theme_key, { x: s.x + p.x, y: s.y + p.y, n: s.n + 1 });
    }
    return [...sums].map(([key, s]) => ({ key, x: s.x / s.n, y: s.y / s.n }));
  }, [shown]);

  const hoverAt = hover ? project(hover, domain, view, SIZE) : null;
  const radius = Math.min(9, 5 + view.k * 0.5);

  return (
    <div className="theme-map">
      <div className="theme-map__tools" role="group" aria-label={t("themes:map.zoomControls")}>
        <button type="button" className="button button--small button--secondary" onClick={() => zoom(1.5)}>
          <span aria-hidden="true">＋</span> {t("themes:map.zoomIn")}
        </button>
        <button type="button" className="button button--small button--secondary" onClick={() => zoom(1 / 1.5)}>
          <span aria-hidden="true">−</span> {t("themes:map.zoomOut")}
        </button>
        <button type="button" className="button button--small button--ghost" onClick={() => setView(initialView(domain))}>
          {t("themes:map.reset")}
        </button>
        <span className="small theme-map__zoom" aria-live="polite">
          {t("themes:map.zoomLevel", { zoom: view.k.toFixed(1) })}
        </span>
      </div>
      <div className="theme-map__frame">
        <svg
          ref={svgRef}
          viewBox={`0 0 ${SIZE.width} ${SIZE.height}`}
          className="theme-map__svg"
          role="group"
          aria-label={t("themes:map.label", { count: shown.length })}
          aria-describedby="theme-map-help"
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={endDrag}
          onPointerLeave={endDrag}
        >
          <defs>
            <clipPath id="theme-map-clip">
              <rect width={SIZE.width} height={SIZE.height} />
            </clipPath>
          </defs>
          <rect width={SIZE.width} height={SIZE.height} className="theme-map__bg" />
          <g clipPath="url(#theme-map-clip)">
            {ordered.map((point, index) => {
              const style = styles.get(point.theme_key);
              if (!style) return null;
              const at = project(point, domain, view, SIZE);
              const dimmed = selectedTheme !== null && point.theme_key !== selectedTheme;
              return (
                <path
                  key={point.proposal_id}
                  data-index={index}
                  d={shapePath(style.shape, radius)}
                  transform={`translate(${at.x.toFixed(1)},${at.y.toFixed(1)})`}
                  fill={style.colour}
                  stroke="#1a1a1a"
                  strokeWidth={1.2}
                  opacity={dimmed ? 0.25 : 1}
                  className="theme-map__point"
                  role="button"
                  tabIndex={index === focusIndex ? 0 : -1}
                  aria-label={t("themes:map.pointLabel", {
                    title: point.title,
                    number: style.number,
                    theme: titles.get(point.theme_key) ?? point.theme_key,
                  })}
                  onMouseEnter={() => setHover(point)}
                  onMouseLeave={() => setHover((h) => (h === point ? null : h))}
                  onFocus={() => {
                    setFocusIndex(index);
                    setHover(point);
                  }}
                  onBlur={() => setHover((h) => (h === point ? null : h))}
                  onClick={() => onSelectTheme(point.theme_key, point)}
                  onKeyDown={(e) => onKeyDown(e, index, point)}
                />
              );
            })}
            {centroids.map((c) => {
              const style = styles.get(c.key);
              if (!style) return null;
              const at = project(c, domain, view, SIZE);
              return (
                <g key={c.key} transform={`translate(${at.x.toFixed(1)},${(at.y - 24).toFixed(1)})`} aria-hidden="true" className="theme-map__label">
                  <circle r={11} />
                  <text dy="0.35em" textAnchor="middle">
                    {style.number}
                  </text>
                </g>
              );
            })}
          </g>
        </svg>
        {hover && hoverAt && (
          <div
            className="theme-map__tooltip"
            aria-hidden="true"
            style={{
              left: `${Math.min(100, Math.max(0, (hoverAt.x / SIZE.width) * 100))}%`,
              top: `${Math.min(100, Math.max(0, (hoverAt.y / SIZE.height) * 100))}%`,
              // Right half: show the tip on the left of the marker so it never covers it.
              transform: hoverAt.x > SIZE.width * 0.55 ? "translate(calc(-100% - 14px), -50%)" : "translate(14px, -50%)",
            }}
          >
            <strong>{hover.title}</strong>
            <span>
              {styles.get(hover.theme_key)?.number}. {titles.get(hover.theme_key)}
            </span>
          </div>
        )}
      </div>
      <p id="theme-map-help" className="small">
        {t("themes:map.help")}
      </p>
      {points.length > MAX_POINTS && <p className="small">{t("themes:map.capped", { shown: MAX_POINTS, total: points.length })}</p>}
    </div>
  );
}

/** Client coordinates → the SVG's viewBox coordinates. */
function toSvg(svg: SVGSVGElement, clientX: number, clientY: number) {
  const box = svg.getBoundingClientRect();
  return {
    x: ((clientX - box.left) / (box.width || 1)) * SIZE.width,
    y: ((clientY - box.top) / (box.height || 1)) * SIZE.height,
  };
}
