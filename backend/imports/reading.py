"""An uploaded file → a table with its header, read by the offline bulk import's reader
(``proposals/offline_file.py``: .xlsx, or CSV in UTF-8 with or without BOM or Shift_JIS), and
a refusal in words a planner can act on for anything else (a PDF, an image, an empty file)."""

from __future__ import annotations

import msgspec

from backend.core.errors import InvalidInput, TooLarge
from backend.imports.formats import KNOWN_COLUMNS, column_key
from backend.proposals.offline_file import Cell, read_table, text_encoding
from backend.proposals.offline_import import cell_text

MAX_FILE_BYTES = 10 * 1024 * 1024
# a Pol.is votes.csv has ~53 bytes a vote: 10 MB is ~200,000 votes. vTaiwan's uberx (2.6 MB,
# 50,000 votes, 1,912 voters) imports in 9.5 s on a busy 2-core machine, against the 30 s
# request time limit (KYOSO_REQUEST_TIMEOUT_SECONDS)
MAX_VOTES_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000
MAX_COLUMNS = 200
PREVIEW_ROWS = 20
HEADER_SEARCH_ROWS = 10
TOO_LARGE = (
    f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB, the limit for the "
    "opinions and for a Pol.is votes.csv. Split the opinions into several files and "
    "import them one at a time."
)


class Table(msgspec.Struct):
    """A file's header (``columns``, as written) and its non-blank rows below it, each with its
    line number as a spreadsheet shows it (the header is line 1 when it is the first row)."""

    filename: str
    encoding: str  # "xlsx", "utf-8-sig", "utf-8" or "cp932"
    columns: list[str]
    rows: list[tuple[int, list[str]]]

    def cell(self, row: list[str], column: str | None) -> str:
        if column is None:
            return ""
        index = self.columns.index(column)
        return row[index] if index < len(row) else ""


def _refuse_non_tables(content: bytes, filename: str) -> None:
    if not content.strip():
        raise InvalidInput(
            f"The file {filename} is empty. Export the opinions again (CSV or "
            ".xlsx, with a header row) and upload that file."
        )
    if content.startswith(b"%PDF"):
        raise InvalidInput(
            f"{filename} is a PDF. Kyoso reads opinions from a table: ask for "
            "the CSV or Excel file of the opinions, or copy the PDF's table into "
            "Excel, save it as .xlsx and upload that."
        )
    if (
        not content.startswith(b"PK\x03\x04")
        and not content.startswith(b"\xd0\xcf\x11\xe0")
        and b"\x00" in content[:8192]
    ):
        raise InvalidInput(
            f"{filename} is not a CSV or Excel file (it holds binary data, like "
            "an image or a program). Upload the opinions as CSV or .xlsx."
        )


def read_upload(
    content: bytes, filename: str, *, limit: int = MAX_FILE_BYTES, max_rows: int = MAX_ROWS
) -> Table:
    """The table in an uploaded file; 413 over ``limit``, 422 for a file that is no table."""
    if len(content) > limit:
        raise TooLarge(TOO_LARGE)
    _refuse_non_tables(content, filename)
    cells = read_table(content, max_rows=max_rows, max_columns=MAX_COLUMNS)
    encoding = "xlsx" if content.startswith(b"PK\x03\x04") else text_encoding(content)
    return _table(cells, filename, encoding, max_rows)


def _table(cells: list[list[Cell]], filename: str, encoding: str, max_rows: int) -> Table:
    lines = [(n, [cell_text(v) for v in values]) for n, values in enumerate(cells, start=1)]
    filled = [(n, values) for n, values in lines if any(values)]
    if not filled:
        raise InvalidInput(
            f"The file {filename} has no rows. Export the opinions again (CSV "
            "or .xlsx, with a header row) and upload that file."
        )
    at = _header_index(filled)
    (_, header), rows = filled[at], filled[at + 1 :]
    while header and not header[-1]:  # an .xlsx row comes padded to the widest row
        header = header[:-1]
    columns = _unique([name or f"列{i + 1}" for i, name in enumerate(header)])
    if not rows:
        raise InvalidInput(
            f"The file {filename} has a header row ({', '.join(columns[:8])}) "
            "but no rows of opinions below it."
        )
    if len(rows) > max_rows:
        raise InvalidInput(
            f"The file {filename} has more than {max_rows:,} rows. Split it into smaller files.",
            max_rows=max_rows,
        )
    return Table(filename, encoding, columns, rows)


def _header_index(filled: list[tuple[int, list[str]]]) -> int:
    """Which of the first rows is the header: ministries' sheets often start with a title
    row (「「○○」に関する意見募集の結果」) above it. The first row naming a column some format
    knows; else the first with two cells or more; else the first."""
    head = filled[:HEADER_SEARCH_ROWS]
    for i, (_, values) in enumerate(head):
        if any(column_key(v) in KNOWN_COLUMNS for v in values):
            return i
    return next((i for i, (_, values) in enumerate(head) if sum(map(bool, values)) >= 2), 0)


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return unique
