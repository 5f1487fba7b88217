/**
 * Every channel side by side (online, paper, meeting, phone, imported): participants and
 * proposals of each, as the API counts them (backend/stats/channels.py). A withheld cell (a
 * channel of fewer than five people, or one hidden so it cannot be worked out) reads 「<5」.
 */
import { useTranslation } from "react-i18next";
import type { ChannelCell } from "../../../shared/api/planTypes";
import "../i18n";
import { TableRegion } from "../../../shared/components/TableRegion";

export function ChannelTable({ cells, caption, proposalsLabel }: { cells: ChannelCell[]; caption: string; proposalsLabel?: string }) {
  const { t } = useTranslation();
  const value = (c: ChannelCell, n: number | null) =>
    c.withheld ? <abbr title={t("council:withheldLong")}>{"<5"}</abbr> : (n ?? 0).toLocaleString();
  return (
    <TableRegion label={caption}>
      <table className="table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <td />
            {cells.map((c) => (
              <th scope="col" key={c.key}>
                {t(`channels.${c.key}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{t("council:participants")}</th>
            {cells.map((c) => (
              <td className="num" key={c.key}>
                {value(c, c.participants)}
              </td>
            ))}
          </tr>
          <tr>
            <th scope="row">{proposalsLabel ?? t("council:proposals")}</th>
            {cells.map((c) => (
              <td className="num" key={c.key}>
                {value(c, c.proposals)}
              </td>
            ))}
          </tr>
        </tbody>
      </table>
    </TableRegion>
  );
}
