"""Shapes of the import at the API edge: the preview, the settings of a commit, its result."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import msgspec
from litestar.datastructures import UploadFile

from backend.imports.formats import FormatKey

ColumnName = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]


@dataclass
class ImportUpload:
    """multipart/form-data: ``file`` (the opinions: CSV or .xlsx; Pol.is: comments.csv),
    ``votes`` (Pol.is votes.csv, optional), ``settings`` (JSON of ``ImportSettings``; for a
    preview, optionally ``{"format": …}`` to read the file as another format)."""

    file: UploadFile
    votes: UploadFile | None = None
    settings: str = "{}"


class ColumnMapping(msgspec.Struct, forbid_unknown_fields=True):
    """Which column of the file holds each field; only ``text`` is required. Without a title
    column each title is the text's first sentence; without an id column, the line number."""

    text: ColumnName
    title: ColumnName | None = None
    original_id: ColumnName | None = None
    label: ColumnName | None = None
    received_on: ColumnName | None = None


class PreviewSettings(msgspec.Struct):
    format: FormatKey | None = None


class ImportSettings(msgspec.Struct, forbid_unknown_fields=True):
    """The process to create (its titles) and how to read the file."""

    title_ja: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    format: FormatKey
    mapping: ColumnMapping
    title_en: Annotated[str, msgspec.Meta(max_length=200)] = ""
    description_ja: Annotated[str, msgspec.Meta(max_length=20_000)] = ""
    source: Annotated[
        str,
        msgspec.Meta(
            max_length=500, description="出典: where the data came from (a URL or a note)"
        ),
    ] = ""


class SuggestedMapping(msgspec.Struct):
    text: str | None
    title: str | None
    original_id: str | None
    label: str | None
    received_on: str | None


class VotesPreview(msgspec.Struct):
    filename: str
    rows: int
    columns: list[str]


class ImportPreview(msgspec.Struct):
    """What the file looks like to the importer, before anything is stored."""

    format: FormatKey
    format_name: str
    encoding: str
    filename: str
    columns: list[str]
    rows: list[list[str]]  # the first rows below the header, cell by cell
    row_count: int
    mapping: SuggestedMapping
    takes_votes: bool
    votes: VotesPreview | None = None


class ImportResult(msgspec.Struct):
    """The new process and what went into it."""

    import_id: int
    process_id: int
    proposals: int
    hidden: int
    votes: int
    participants: int
