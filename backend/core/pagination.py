"""Keyset pagination: an opaque cursor holds the sort key and id of the last row."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Annotated, Any, Generic, TypeVar

import msgspec

from backend.core.errors import InvalidInput

T = TypeVar("T")

# What the sort columns (int32 counts) and ids (int64) can hold: a cursor outside these
# ranges was made up, and PostgreSQL would refuse to compare with it (500, not 400).
SortValue = Annotated[int, msgspec.Meta(ge=0, le=2**31 - 1)]
RowId = Annotated[int, msgspec.Meta(ge=0, le=2**63 - 1)]


class Page(msgspec.Struct, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


def encode_cursor(sort_value: int, last_id: int) -> str:
    raw = msgspec.json.encode([sort_value, last_id])
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[int, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        sort_value, last_id = msgspec.json.decode(
            base64.urlsafe_b64decode(padded), type=tuple[SortValue, RowId]
        )
    except (ValueError, msgspec.DecodeError) as exc:
        raise InvalidInput(
            "The page cursor is not valid. Start again from the first page."
        ) from exc
    return sort_value, last_id


def next_id_cursor(rows: Sequence[Any], limit: int) -> str | None:
    """For lists ordered by id (newest first) fetched with ``limit + 1`` rows."""
    return encode_cursor(0, rows[limit - 1].id) if len(rows) > limit else None
