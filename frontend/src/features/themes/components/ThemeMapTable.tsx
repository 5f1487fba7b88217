/** The theme map as a table: the same proposals and themes, for screen readers and keyboard users. */
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { MapPoint, Theme } from "../../../shared/api/planTypes";
import type { ThemeStyle } from "../palette";
import "../i18n";
import { TableRegion } from "../../../shared/components/TableRegion";

const PAGE = 100;

export function ThemeMapTable({ points, themes, styles, selectedTheme }: { points: MapPoint[]; themes: Theme[]; styles: Map<string, ThemeStyle>; selectedTheme: string | null }) {
  const { t } = useTranslation();
  const [limit, setLimit] = useState(PAGE);
  const titles = useMemo(() => {
    const map = new Map<string, string>();
    for (const th of themes) {
      map.set(th.key, th.title);
      for (const s of th.subthemes ?? []) map.set(s.key, s.title);
    }
    return map;
  }, [themes]);
  const rows = points.filter((p) => !selectedTheme || p.theme_key === selectedTheme);
  return (
    <details className="map-table">
      <summary>{t("themes:map.tableSummary", { count: rows.length })}</summary>
      <TableRegion label={t("themes:map.tableCaption")}>
        <table className="table">
          <caption className="visually-hidden">{t("themes:map.tableCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("themes:map.colProposal")}</th>
              <th scope="col">{t("themes:map.colTheme")}</th>
              <th scope="col">{t("themes:map.colSubtheme")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, limit).map((p) => (
              <tr key={p.proposal_id}>
                <th scope="row">{p.title}</th>
                <td>
                  {styles.get(p.theme_key)?.number}. {titles.get(p.theme_key)}
                </td>
                <td>{titles.get(p.subtheme_key) ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      {rows.length > limit && (
        <button type="button" className="button button--small button--ghost" onClick={() => setLimit((l) => l + PAGE)}>
          {t("common.more")}
        </button>
      )}
    </details>
  );
}
