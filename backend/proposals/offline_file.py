"""The file staff fill in with offline submissions (一括取り込み): its template, and reading it.

One sheet (or CSV) with a header row — 受付日, 経路(紙/説明会/電話), 題名, 本文, 地区, 年代 — and
one submission per row. Rows are numbered as the spreadsheet shows them (the header is row 1),
so 「12行目」 in a report is row 12 on the screen. CSV may be UTF-8 (with or without BOM) or
Shift_JIS (Excel's 「CSV (コンマ区切り)」 on Japanese Windows, read as cp932, its superset).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from datetime import date, datetime
from typing import Any

import msgspec
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from backend.core.errors import InvalidInput, TooLarge

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
CHANNEL_HEADER = "経路(紙/説明会/電話)"
HEADERS = ("受付日", CHANNEL_HEADER, "題名", "本文", "地区", "年代")
REQUIRED_HEADERS = ("受付日", "経路", "題名", "本文")
CHANNEL_WORDS = ("紙", "説明会", "電話")
TOO_LARGE = (
    f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB. Split it into several "
    f"files of at most {MAX_ROWS:,} rows and import them one by one."
)

Cell = str | int | float | date | datetime | None


class OfflineSheet(msgspec.Struct):
    """The rows of an uploaded file: each with its row number and the cells by column name
    (受付日, 経路, 題名, 本文, 地区, 年代)."""

    rows: list[tuple[int, dict[str, Cell]]]


def column_name(header: Any) -> str:
    """「経路（紙/説明会/電話）」 → 「経路」: the name before any bracket, width-normalised."""
    text = unicodedata.normalize("NFKC", str(header or "")).strip()
    return text.split("(", 1)[0].strip()


def template_xlsx(districts: list[str], age_bands: list[str]) -> bytes:
    """The Excel template: the header row, drop-down lists for 経路, 地区 and 年代 (typing
    stays allowed), and a second sheet 「記入方法」 explaining each column."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "意見"
    sheet.append(list(HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DCE6F2")
    for letter, width in zip("ABCDEF", (14, 22, 30, 60, 14, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    for letter, choices in (("B", list(CHANNEL_WORDS)), ("E", districts), ("F", age_bands)):
        if choices:
            listed = DataValidation(
                type="list",
                formula1='"' + ",".join(choices) + '"',
                allow_blank=True,
                showErrorMessage=False,
            )
            listed.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
            sheet.add_data_validation(listed)
    guide = book.create_sheet("記入方法")
    for line in instructions(districts, age_bands):
        guide.append([line])
    guide.column_dimensions["A"].width = 100
    for row in guide.iter_rows():
        row[0].alignment = Alignment(wrap_text=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def template_csv() -> bytes:
    """The CSV template: the header row, UTF-8 with a BOM so that Excel opens it correctly."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(HEADERS)
    return out.getvalue().encode("utf-8-sig")


def instructions(districts: list[str], age_bands: list[str]) -> list[str]:
    return [
        "紙・説明会・電話で受け付けた意見を、1行に1件ずつ記入してください（1行目は見出しです）。",
        "受付日：意見を受け付けた日（例：2026/12/01）。今日より後の日付は入力できません。必須。",
        "経路：紙・説明会・電話のいずれか。必須。",
        "題名：120文字以内。必須。",
        "本文：4,000文字以内。必須。",
        "地区："
        + ("・".join(districts) if districts else "市の地区名")
        + " のいずれか。空欄でもかまいません。",
        "年代：" + "・".join(age_bands) + " のいずれか。空欄でもかまいません。",
        f"1回に取り込めるのは{MAX_ROWS:,}行、5MBまでです。",
        "1行でも誤りがあると、何も取り込まれません。表示された行を直して、もう一度取り込んでください。",
        "取り込むと、1件ごとに受付番号（例：P3-2026-00042）がつきます。",
    ]


def read_offline_file(content: bytes) -> OfflineSheet:
    """The rows of an .xlsx or CSV file; a file that cannot be read is refused (422/413)."""
    if len(content) > MAX_BYTES:
        raise TooLarge(TOO_LARGE)
    return _sheet(read_table(content, max_rows=MAX_ROWS, max_columns=len(HEADERS) + 10))


def read_table(content: bytes, *, max_rows: int, max_columns: int) -> list[list[Cell]]:
    """The cells of an .xlsx (first sheet) or CSV file, row by row, header included; an old
    .xls or a file that is neither is refused (422). Reading stops a row past ``max_rows``
    filled rows, enough for the caller to refuse the file."""
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise InvalidInput(
            "This is an old Excel file (.xls). Save it as .xlsx (Excel "
            "workbook) or CSV and upload it again."
        )
    if content.startswith(b"PK\x03\x04"):
        return _xlsx_rows(content, max_rows, max_columns)
    return _csv_rows(content)


def _xlsx_rows(content: bytes, max_rows: int, max_columns: int) -> list[list[Cell]]:
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # a damaged or foreign zip: openpyxl raises many kinds
        raise InvalidInput(
            "The Excel file could not be read. Save it again as .xlsx (Excel "
            "workbook) and upload it again."
        ) from exc
    try:
        sheet = book.worksheets[0]
        rows: list[list[Cell]] = []
        filled = 0
        for values in sheet.iter_rows(max_col=max_columns, values_only=True):
            row = [_cell(v) for v in values]
            rows.append(row)
            filled += not all(_blank(v) for v in row)
            if filled > max_rows + 1:  # the header and one row too many: enough to refuse
                break
        return rows
    finally:
        book.close()


def text_encoding(content: bytes) -> str:
    """How CSV bytes are written: ``utf-8-sig`` (UTF-8 with BOM), ``utf-8`` or ``cp932``
    (Shift_JIS as Excel on Japanese Windows writes it); neither is refused (422)."""
    if content.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    for encoding in ("utf-8", "cp932"):
        try:
            content.decode(encoding)
            return encoding
        except UnicodeDecodeError:
            pass
    raise InvalidInput(
        "The CSV file is neither UTF-8 nor Shift_JIS text. Save it from "
        "Excel as 「CSV UTF-8 (コンマ区切り)」 and upload it again."
    )


def decode_text(content: bytes) -> str:
    """CSV bytes as text, in the encoding ``text_encoding`` finds."""
    return content.decode(text_encoding(content), errors="strict")


def _csv_rows(content: bytes) -> list[list[Cell]]:
    try:
        text = decode_text(content)
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            "The CSV file is not valid UTF-8 after its BOM. Save it again as "
            "「CSV UTF-8 (コンマ区切り)」."
        ) from exc
    try:
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as exc:
        raise InvalidInput(
            f"The CSV file could not be read ({exc}). Check its quotes and upload it again."
        ) from exc


def _cell(value: object) -> Cell:
    """An .xlsx value as a Cell: text, numbers and dates as they are, anything else (a time of
    day, a duration) as its text, which is how every reader of a Cell would show it."""
    if value is None or isinstance(value, str | int | float | date):
        return value
    return str(value)


def _blank(value: Cell) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _sheet(table: list[list[Cell]]) -> OfflineSheet:
    if not table or all(_blank(v) for v in table[0]):
        raise InvalidInput(
            "The first row must hold the column names: "
            + ", ".join(HEADERS)
            + ". Download the template and use it."
        )
    names = [column_name(h) for h in table[0]]
    missing = [name for name in REQUIRED_HEADERS if name not in names]
    if missing:
        raise InvalidInput(
            "The first row lacks the column(s) "
            + ", ".join(f"「{m}」" for m in missing)
            + ". The columns are: "
            + ", ".join(HEADERS)
            + ". Download the template and "
            "copy the rows into it.",
            missing_columns=missing,
        )
    where = {name: names.index(name) for name in (column_name(h) for h in HEADERS) if name in names}
    rows = []
    for number, values in enumerate(table[1:], start=2):
        if all(_blank(v) for v in values):
            continue  # empty lines between entries or at the end
        rows.append(
            (number, {name: values[i] if i < len(values) else None for name, i in where.items()})
        )
    if not rows:
        raise InvalidInput("The file has no rows to import below its header row.")
    if len(rows) > MAX_ROWS:
        raise InvalidInput(
            f"The file has more than {MAX_ROWS:,} rows. Split it into files "
            f"of at most {MAX_ROWS:,} rows and import them one by one.",
            max_rows=MAX_ROWS,
        )
    return OfflineSheet(rows)
