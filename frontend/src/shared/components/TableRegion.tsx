/**
 * The box a wide table scrolls in: focusable, so that keyboard users can scroll it, and a named
 * region, so that screen readers say what they are in (WCAG 2.1.1; axe's
 * "scrollable-region-focusable"). `labelledBy` names it by a heading already on the page.
 */
import type { ReactNode } from "react";

type TableRegionProps = ({ label: string; labelledBy?: never } | { labelledBy: string; label?: never }) & {
  /** a fixed height with its own vertical scrolling (long data tables beside a chart) */
  tall?: boolean;
  children: ReactNode;
};

export function TableRegion({ label, labelledBy, tall = false, children }: TableRegionProps) {
  return (
    <div className={tall ? "table-wrap table-wrap--scroll" : "table-wrap"} tabIndex={0} role="region" aria-label={label} aria-labelledby={labelledBy}>
      {children}
    </div>
  );
}
