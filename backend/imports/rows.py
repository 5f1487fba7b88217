"""Checking an imported table row by row (all rows or none: ``refuse_if_problems``): each
problem is reported as staff read it, 「12行目「comment-body」：空欄です」, with the column
named as the file names it."""

from __future__ import annotations

import html
import re
import unicodedata
from datetime import UTC, date, datetime

import msgspec

from backend.core.errors import InvalidInput
from backend.exports.dates import JST
from backend.imports.formats import SourceFormat
from backend.imports.reading import Table
from backend.imports.schemas import ColumnMapping
from backend.proposals.offline_import import RowProblems, written_text
from backend.proposals.schemas import OfflineRowError

MAX_TEXT = 20_000  # an e-Gov opinion may run to pages; the analysis reads the first part
MAX_TITLE = 120
TITLE_FROM_TEXT = 40
_DAY = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_SENTENCE_END = re.compile(r"[。！？!?\n]|\.\s")
_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"<br\s*/?>|</p>|</li>", re.IGNORECASE)


class ImportedRow(msgspec.Struct):
    """One row that passed its checks, ready to become a proposal."""

    line: int
    title: str
    body: str
    original_id: str
    label: str | None
    received_on: date | None
    hidden: bool


def ensure_columns(table: Table, mapping: ColumnMapping) -> None:
    """Every column the mapping names is one of the file's (else 422 naming the field)."""
    missing = [
        (field, name)
        for field in ColumnMapping.__struct_fields__
        if (name := getattr(mapping, field)) is not None and name not in table.columns
    ]
    if missing:
        raise InvalidInput(
            "The file has no column "
            + ", ".join(f"「{name}」" for _, name in missing)
            + ". Choose one of its columns: "
            + ", ".join(table.columns[:30])
            + ".",
            errors=[
                {"field": f"mapping.{field}", "message": "not a column of the file"}
                for field, _ in missing
            ],
        )


def plain_text(value: str) -> str:
    """Rich text (Decidim's HTML) as plain text: breaks kept, tags out, entities decoded."""
    return html.unescape(_TAG.sub("", _BREAK.sub("\n", value))).strip()


def title_from(text: str) -> str:
    """A title for an opinion that has none: its first sentence, at most 40 characters."""
    first = _SENTENCE_END.split(text.strip(), maxsplit=1)[0].strip() or text.strip()
    return first if len(first) <= TITLE_FROM_TEXT else first[: TITLE_FROM_TEXT - 1] + "…"


def parse_day(value: str) -> date | None:
    """A day from what exports write: 2025/03/01, 2025-03-01 10:00:00 UTC, 2025年3月1日, or
    Unix time in seconds or milliseconds (Pol.is); None when it is none of these."""
    text = unicodedata.normalize("NFKC", value).strip()
    if text.isdigit() and len(text) in (10, 13):
        seconds = int(text) / (1000 if len(text) == 13 else 1)
        return datetime.fromtimestamp(seconds, UTC).astimezone(JST).date()
    if match := _DAY.match(text):
        try:
            return date(*(int(part) for part in match.groups()))
        except ValueError:
            return None
    return None


def check_rows(
    table: Table, source: SourceFormat, mapping: ColumnMapping, problems: list[OfflineRowError]
) -> list[ImportedRow]:
    """The rows that pass; each problem of the others goes into ``problems``."""
    ensure_columns(table, mapping)
    seen_ids: dict[str, int] = {}
    checked = []
    for line, values in table.rows:
        row = RowProblems(line, problems)
        before = len(problems)
        raw = table.cell(values, mapping.text)
        body = written_text(
            row, mapping.text, plain_text(raw) if source.html_body else raw, MAX_TEXT
        )
        title = table.cell(values, mapping.title).strip()
        if source.html_body:
            title = plain_text(title)
        if len(title) > MAX_TITLE:
            title = title[: MAX_TITLE - 1] + "…"
        original_id = table.cell(values, mapping.original_id).strip() or str(line)
        if mapping.original_id and (earlier := seen_ids.get(original_id)):
            row.problem(mapping.original_id, f"ID「{original_id}」は{earlier}行目と同じです")
        seen_ids.setdefault(original_id, line)
        if len(original_id) > 100:
            row.problem(mapping.original_id or "", "IDが100文字を超えています")
        day_text = table.cell(values, mapping.received_on)
        received_on = parse_day(day_text) if day_text else None
        if day_text and received_on is None:
            row.problem(mapping.received_on or "", f"日付として読めません（{day_text}）")
        label = table.cell(values, mapping.label).strip()[:300] or None
        hidden = (
            bool(source.hidden_column)
            and table.cell(values, _column(table, source.hidden_column)).strip() == "-1"
        )
        if len(problems) == before:
            checked.append(
                ImportedRow(
                    line, title or title_from(body), body, original_id, label, received_on, hidden
                )
            )
    return checked


def _column(table: Table, name: str | None) -> str | None:
    return name if name in table.columns else None
