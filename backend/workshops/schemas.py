"""Shapes of workshops and their notes at the API edge."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

import msgspec

TableName = Annotated[
    str,
    msgspec.Meta(
        min_length=1, max_length=20, pattern=r"\S", description="a table (班), e.g. 「3班」"
    ),
]
NoteText = Annotated[
    str,
    msgspec.Meta(
        min_length=1,
        max_length=1000,
        pattern=r"\S",
        description="what the note says, 1–1,000 characters, not only spaces",
    ),
]
MAX_NOTES_PER_BATCH = 100


class WorkshopCreate(msgspec.Struct, forbid_unknown_fields=True):
    title: Annotated[str, msgspec.Meta(min_length=1, max_length=120, pattern=r"\S")]
    held_on: Annotated[date, msgspec.Meta(description="the day of the meeting (Japan time)")]
    tables: Annotated[
        list[TableName],
        msgspec.Meta(min_length=1, max_length=30, description="1–30 tables, each named once"),
    ]
    place: Annotated[str, msgspec.Meta(max_length=120)] = ""


class WorkshopOut(msgspec.Struct):
    id: int
    process_id: int
    title: str
    held_on: date
    place: str
    tables: list[str]
    note_count: int


class NoteIn(msgspec.Struct, forbid_unknown_fields=True):
    """A sticky note (付箋) as the browser queued it."""

    id: Annotated[
        uuid.UUID,
        msgspec.Meta(
            description="made by the browser when the note was typed; a resend of the same id "
            "stores nothing again"
        ),
    ]
    table: TableName
    text: NoteText


class NoteBatch(msgspec.Struct, forbid_unknown_fields=True):
    notes: Annotated[list[NoteIn], msgspec.Meta(min_length=1, max_length=MAX_NOTES_PER_BATCH)]


class SavedNote(msgspec.Struct):
    id: uuid.UUID
    table: str
    proposal_id: int
    reference_number: str | None
    already_saved: bool  # True when an earlier request had stored it (a resend)


class NoteBatchResult(msgspec.Struct):
    saved: list[SavedNote]
