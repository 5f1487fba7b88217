"""The edge of the readings route: sizes bounded so one request costs at most ~0.1 s of MeCab."""

from __future__ import annotations

from typing import Annotated

import msgspec

MAX_TEXTS = 100
MAX_TOTAL_CHARS = 20_000

ReadingText = Annotated[str, msgspec.Meta(max_length=4000, description="up to 4,000 characters")]


class ReadingsRequest(msgspec.Struct, forbid_unknown_fields=True):
    texts: Annotated[
        list[ReadingText],
        msgspec.Meta(
            min_length=1,
            max_length=MAX_TEXTS,
            description=f"1–{MAX_TEXTS} texts, at most {MAX_TOTAL_CHARS:,} characters together",
        ),
    ]


class RubySegment(msgspec.Struct):
    """A piece of the text; ``reading`` in hiragana when it holds kanji, else null."""

    text: str
    reading: str | None


class ReadingsOut(msgspec.Struct):
    """Per text asked for, in the same order, its segments; joined they give the text back."""

    texts: list[list[RubySegment]]
