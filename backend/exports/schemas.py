"""Shapes of export requests and export jobs at the API's edge."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

from backend.core.jobs import JobStatus
from backend.exports.dates import EraStyle

ExportFormatName = Literal[
    "summary-pdf",
    "summary-docx",
    "summary-md",
    "opendata-csv",
    "opendata-json",
    "public-comment-csv",
    "public-comment-docx",
]
PublicFormatName = Literal[
    "opendata-csv", "opendata-json", "public-comment-csv", "public-comment-docx"
]


class ExportRequest(msgspec.Struct, forbid_unknown_fields=True):
    """What to export. Without ``run_id`` / ``draft_id`` the process's published run and draft
    are used (else its latest succeeded run and latest draft); ``draft_version`` defaults to
    the published version of that draft, else its current one. ``era``: the summary's dates in
    the western calendar (「2026年12月6日」) or the Japanese era (「令和8年12月6日」)."""

    format: ExportFormatName
    run_id: Annotated[int, msgspec.Meta(ge=1)] | None = None
    draft_id: Annotated[int, msgspec.Meta(ge=1)] | None = None
    draft_version: Annotated[int, msgspec.Meta(ge=1)] | None = None
    era: EraStyle = "western"


class ExportJobOut(msgspec.Struct):
    id: int
    process_id: int
    format: ExportFormatName
    status: JobStatus  # never "cancelled": exports have no cancel
    stage: str
    progress: int  # 0–100
    error: str | None
    params: dict[str, int | str | None]
    filename: str | None
    media_type: str | None
    size: int | None
    sha256: str | None
    download_url: str | None
    created_at: datetime
    finished_at: datetime | None


class PublicExportOut(msgspec.Struct):
    format: str
    label: str
    media_type: str
    available: bool
    reason: str
    download_url: str | None
