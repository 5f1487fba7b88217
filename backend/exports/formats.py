"""Every export Kyoso offers, declared in one place: name, file type, who may download it,
and how it is made (collect from the database, then render in a worker thread)."""

from __future__ import annotations

from collections.abc import Callable

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from backend.exports import docx, markdown, opendata, pdf
from backend.exports.csv_table import table_csv
from backend.exports.dates import EraStyle
from backend.exports.summary import Selection, collect_public_comment, collect_summary
from backend.exports.tables import responses_table
from backend.processes.models import Process

Renderer = Callable[[], bytes]


class ExportFormat(msgspec.Struct, frozen=True):
    name: str
    label: str
    media_type: str
    extension: str
    public: bool  # residents may download its published version


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("summary-pdf", "共創の記録（PDF）", "application/pdf", "pdf", False),
        ExportFormat(
            "summary-docx",
            "共創の記録（Word）",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
            False,
        ),
        ExportFormat("summary-md", "共創の記録（Markdown）", "text/markdown", "md", False),
        ExportFormat("opendata-csv", "オープンデータ（CSV、ZIP）", "application/zip", "zip", True),
        ExportFormat("opendata-json", "オープンデータ（JSON）", "application/json", "json", True),
        ExportFormat(
            "public-comment-csv",
            "意見の概要と市の考え方（CSV）",
            "text/csv",
            "csv",
            True,
        ),
        ExportFormat(
            "public-comment-docx",
            "意見の概要と市の考え方（Word）",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
            True,
        ),
    )
}
FILE_STEMS = {
    "summary-pdf": "summary",
    "summary-docx": "summary",
    "summary-md": "summary",
    "opendata-csv": "opendata",
    "opendata-json": "opendata",
    "public-comment-csv": "public-comment",
    "public-comment-docx": "public-comment",
}


def filename(process: Process, name: str) -> str:
    return f"kyoso-{process.slug}-{FILE_STEMS[name]}.{FORMATS[name].extension}"


async def prepare(
    session: AsyncSession,
    process: Process,
    name: str,
    selection: Selection,
    era: EraStyle = "western",
) -> Renderer:
    """Read what the export needs (async, in the session); return the CPU-bound rendering."""
    if name.startswith("summary-"):
        summary = await collect_summary(session, process, selection, era)
        writer = {
            "summary-pdf": pdf.summary_pdf,
            "summary-docx": docx.summary_docx,
            "summary-md": lambda s: markdown.summary_markdown(s).encode("utf-8"),
        }[name]
        return lambda: writer(summary)
    if name.startswith("opendata-"):
        data = await opendata.collect_open_data(
            session, process, selection.run, public=selection.public
        )
        if name == "opendata-json":
            return lambda: opendata.open_data_json(data)
        return lambda: opendata.open_data_zip(data)
    table = await collect_public_comment(session, process)
    if name == "public-comment-docx":
        return lambda: docx.public_comment_docx(table)
    header, rows = responses_table(table)
    return lambda: table_csv(tuple(header), [dict(zip(header, r, strict=True)) for r in rows])
