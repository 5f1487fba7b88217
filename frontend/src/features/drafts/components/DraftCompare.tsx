/**
 * 新旧対照表: the items that differ between two versions, 新 on the left and 旧 on the right as
 * Japanese plans print revisions, changed words underlined (傍線) and announced to screen readers.
 */
import { useTranslation } from "react-i18next";
import type { CompareRow, DraftComparison, TextSpan } from "../../../shared/api/planTypes";
import "../i18n";
import { TableRegion } from "../../../shared/components/TableRegion";

function Side({ spans, side }: { spans: TextSpan[]; side: "new" | "old" }) {
  const { t } = useTranslation();
  const Mark = side === "new" ? "ins" : "del";
  return (
    <>
      {spans.map((span, i) =>
        span.changed ? (
          <Mark key={i} className="compare__changed">
            <span className="visually-hidden">{t(`drafts:compare.${side}Start`)}</span>
            {span.text}
            <span className="visually-hidden">{t("drafts:compare.end")}</span>
          </Mark>
        ) : (
          <span key={i}>{span.text}</span>
        ),
      )}
    </>
  );
}

function Row({ row }: { row: CompareRow }) {
  const { t } = useTranslation();
  return (
    <tr className={`compare__row compare__row--${row.change}`}>
      <th scope="row">
        {row.label}
        <span className="badge badge--change">{t(`drafts:compare.change.${row.change}`)}</span>
      </th>
      <td className="compare__text">{row.change === "removed" ? t("drafts:compare.removedItem") : <Side spans={row.new} side="new" />}</td>
      <td className="compare__text">{row.change === "added" ? t("drafts:compare.addedItem") : <Side spans={row.old} side="old" />}</td>
    </tr>
  );
}

export function CompareTable({ comparison }: { comparison: DraftComparison }) {
  const { t } = useTranslation();
  const { from_version: from, to_version: to, rows } = comparison;
  if (rows.length === 0) return <p className="empty">{t("drafts:versions.noChanges")}</p>;
  return (
    <>
      <p className="small">{t("drafts:compare.legend")}</p>
      <TableRegion label={t("drafts:compare.caption", { from, to })}>
        <table className="table compare">
          <caption>{t("drafts:compare.caption", { from, to })}</caption>
          <thead>
            <tr>
              <th scope="col" className="compare__item">
                {t("drafts:compare.item")}
              </th>
              <th scope="col">{t("drafts:compare.newSide", { number: to })}</th>
              <th scope="col">{t("drafts:compare.oldSide", { number: from })}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <Row key={row.key} row={row} />
            ))}
          </tbody>
        </table>
      </TableRegion>
    </>
  );
}
