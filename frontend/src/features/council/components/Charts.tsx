/**
 * Accessible SVG charts without a chart library: each is a <figure> whose SVG has a text
 * summary (role="img" with a description) and a data table behind a disclosure.
 */
import { useId, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Cell, DayActivity } from "../../../shared/api/planTypes";
import { barShare, bucket, cellText, fillDays, maxOf, niceMax, ticks, type Series } from "../chartMath";
import "../i18n";
import { TableRegion } from "../../../shared/components/TableRegion";

function ChartFigure({ title, summary, table, children }: { title: string; summary: string; table: ReactNode; children: (ids: { title: string; desc: string }) => ReactNode }) {
  const { t } = useTranslation();
  const id = useId();
  const ids = { title: `${id}-title`, desc: `${id}-desc` };
  return (
    <figure className="chart">
      <figcaption id={ids.title} className="chart__title">
        {title}
      </figcaption>
      {children(ids)}
      <p id={ids.desc} className="visually-hidden">
        {summary}
      </p>
      <details className="chart__table">
        <summary>{t("council:showTable", { title })}</summary>
        {table}
      </details>
    </figure>
  );
}

/** Horizontal bars per category; withheld cells (<5 people) show "<5" and a hatched stub. */
export function BarChart({ title, cells, label }: { title: string; cells: Cell[]; label: (key: string) => string }) {
  const { t } = useTranslation();
  const max = maxOf(cells);
  const rowH = 30;
  const left = 190;
  const width = 520;
  const plot = width - left - 44;
  const height = cells.length * rowH + 30;
  const summary = cells.map((c) => `${label(c.key)} ${c.withheld ? t("council:withheldLong") : t("council:people", { count: c.participants ?? 0 })}`).join("、");
  const table = (
    <table className="table table--compact">
      <thead>
        <tr>
          <th scope="col">{t("council:category")}</th>
          <th scope="col" className="num">
            {t("council:participants")}
          </th>
        </tr>
      </thead>
      <tbody>
        {cells.map((c) => (
          <tr key={c.key}>
            <th scope="row">{label(c.key)}</th>
            <td className="num">{c.withheld ? <abbr title={t("council:withheldLong")}>{"<5"}</abbr> : c.participants}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <ChartFigure title={title} summary={summary} table={table}>
      {(ids) => (
        <svg viewBox={`0 0 ${width} ${height}`} className="chart__svg" role="img" aria-labelledby={ids.title} aria-describedby={ids.desc}>
          <defs>
            <pattern id="withheld-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <rect width="6" height="6" fill="#fff" />
              <line x1="0" y1="0" x2="0" y2="6" stroke="#595959" strokeWidth="2" />
            </pattern>
          </defs>
          {ticks(max).map((v) => (
            <g key={v} transform={`translate(${left + (v / max) * plot},0)`}>
              <line y1={0} y2={height - 24} className="chart__grid" />
              <text y={height - 8} textAnchor="middle" className="chart__tick">
                {v}
              </text>
            </g>
          ))}
          {cells.map((c, i) => {
            const y = i * rowH + 4;
            const w = barShare(c, max) * plot;
            return (
              <g key={c.key} transform={`translate(0,${y})`}>
                <text x={left - 8} y={rowH / 2} dy="0.1em" textAnchor="end" className="chart__label">
                  {label(c.key)}
                </text>
                {c.withheld ? (
                  <rect x={left} y={5} width={18} height={rowH - 12} fill="url(#withheld-hatch)" stroke="#595959" />
                ) : (
                  <rect x={left} y={5} width={Math.max(1, w)} height={rowH - 12} className="chart__bar" />
                )}
                <text x={left + (c.withheld ? 18 : w) + 6} y={rowH / 2} dy="0.1em" className="chart__value">
                  {cellText(c)}
                </text>
              </g>
            );
          })}
        </svg>
      )}
    </ChartFigure>
  );
}

/** Activity per day (or per week over long periods) for one series, as columns. */
export function TimeChart({ title, days, series, formatDay }: { title: string; days: DayActivity[]; series: Series; formatDay: (day: string) => string }) {
  const { t } = useTranslation();
  const data = bucket(fillDays(days));
  const weekly = data.length < fillDays(days).length;
  const max = niceMax(Math.max(0, ...data.map((d) => d[series])));
  const width = 560;
  const height = 180;
  const left = 44;
  const plotW = width - left - 8;
  const plotH = height - 40;
  const barW = data.length ? plotW / data.length : plotW;
  const total = data.reduce((s, d) => s + d[series], 0);
  const peak = data.reduce((best, d) => (d[series] > (best?.[series] ?? -1) ? d : best), data[0]);
  const summary = data.length
    ? t("council:timeSummary", { total, from: formatDay(data[0].day), to: formatDay(data[data.length - 1].day), peakDay: formatDay(peak.day), peak: peak[series] })
    : t("council:noActivity");
  const table = (
    <TableRegion label={title} tall>
      <table className="table table--compact">
        <thead>
          <tr>
            <th scope="col">{weekly ? t("council:weekOf") : t("council:day")}</th>
            <th scope="col" className="num">
              {t(`council:series.${series}`)}
            </th>
          </tr>
        </thead>
        <tbody>
          {data.map((d) => (
            <tr key={d.day}>
              <th scope="row">{formatDay(d.day)}</th>
              <td className="num">{d[series]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
  return (
    <ChartFigure title={title} summary={summary} table={table}>
      {(ids) => (
        <svg viewBox={`0 0 ${width} ${height}`} className="chart__svg" role="img" aria-labelledby={ids.title} aria-describedby={ids.desc}>
          {ticks(max).filter((_, i, all) => i % Math.ceil(all.length / 3) === 0 || i === all.length - 1).map((v) => (
            <g key={v} transform={`translate(0,${10 + plotH - (v / max) * plotH})`}>
              <line x1={left} x2={width - 8} className="chart__grid" />
              <text x={left - 6} dy="0.3em" textAnchor="end" className="chart__tick">
                {v}
              </text>
            </g>
          ))}
          {data.map((d, i) => {
            const h = (d[series] / max) * plotH;
            return <rect key={d.day} x={left + i * barW + barW * 0.1} y={10 + plotH - h} width={Math.max(1, barW * 0.8)} height={h} className={`chart__bar chart__bar--${series}`} />;
          })}
          {data.length > 0 && (
            <>
              <text x={left} y={height - 8} className="chart__tick">
                {formatDay(data[0].day)}
              </text>
              <text x={width - 8} y={height - 8} textAnchor="end" className="chart__tick">
                {formatDay(data[data.length - 1].day)}
              </text>
            </>
          )}
        </svg>
      )}
    </ChartFigure>
  );
}
