/** The rows a bulk import refused (「12行目「本文」：空欄です」), as one accessible table: the
 * proxy-entry import and the import of an earlier consultation list their problems alike. */
import type { Ref } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../../shared/api/client";
import type { OfflineRowError, RefusedFile } from "../../../shared/api/types";
import { TableRegion } from "../../../shared/components/TableRegion";

export interface Refused {
  listed: OfflineRowError[];
  /** every problem found; the server lists the first ones */
  total: number;
}

/** The refused rows of a 422 answer, or null for any other error. */
export function refusedRows(error: unknown): Refused | null {
  if (!(error instanceof ApiError)) return null;
  const problem = error.problem as Partial<RefusedFile>;
  if (!problem.row_errors?.length) return null;
  return { listed: problem.row_errors, total: problem.row_error_count || problem.row_errors.length };
}

interface Props {
  refused: Refused;
  /** the namespace with this screen's words: errorsCaption, errorLine, errorColumn, errorReason, moreErrors */
  ns: "proxy" | "imports";
  /** the sentence saying the file was refused; it takes the focus when the answer comes */
  lead: string;
  leadRef: Ref<HTMLParagraphElement>;
  /** where an import reads several files: the column naming each row's file, this one's name by default */
  fileName?: string;
}

export function RefusedRows({ refused, ns, lead, leadRef, fileName }: Props) {
  const { t } = useTranslation();
  const withFile = fileName !== undefined;
  return (
    <div className="notice notice--error">
      <p ref={leadRef} tabIndex={-1}>
        {lead}
      </p>
      <TableRegion label={t(`${ns}:errorsCaption`)}>
        <table className="table">
          <caption>{t(`${ns}:errorsCaption`)}</caption>
          <thead>
            <tr>
              {withFile && <th scope="col">{t("imports:errorFile")}</th>}
              <th scope="col">{t(`${ns}:errorLine`)}</th>
              <th scope="col">{t(`${ns}:errorColumn`)}</th>
              <th scope="col">{t(`${ns}:errorReason`)}</th>
            </tr>
          </thead>
          <tbody>
            {refused.listed.map((p, i) => (
              <tr key={i}>
                {withFile && <td>{p.file || fileName}</td>}
                <td>{p.line}</td>
                <td>{p.column}</td>
                <td>{p.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      {refused.total > refused.listed.length && (
        <p>{t(`${ns}:moreErrors`, { count: refused.total - refused.listed.length })}</p>
      )}
    </div>
  );
}
