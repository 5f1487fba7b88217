"""The one CSV writer of the exports, with spreadsheet formulas neutralised.

Excel, LibreOffice and Google Sheets run a cell that starts with ``=``, ``+``, ``-`` or ``@``
(tab and carriage return too, after some importers strip them) as a formula: a proposal titled
``=HYPERLINK("https://evil.example","詳細")`` or ``+cmd|' /C calc'!A0`` would become a link or
a command in the open data or a staff export. OWASP's rule: prefix such text cells with ``'``,
which the spreadsheet shows as text. Numbers are written as numbers (-3 is not a formula).
"""

from __future__ import annotations

import csv
import io
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A value as a CSV cell: text that a spreadsheet would run as a formula is quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def table_csv(columns: tuple[str, ...], rows: list[dict[str, Any]]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel opens Japanese text correctly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_cell(c) for c in columns])
    writer.writerows([csv_cell(row[c]) for c in columns] for row in rows)
    return out.getvalue().encode("utf-8-sig")
