"""Anonymisation of exports: small-cell suppression and PII masking.

A breakdown row counting fewer than ``MIN_CELL`` people is shown as ``"<5"``. So that it
cannot be recovered by subtracting the visible rows from the total, we use *complementary
suppression*: more rows (the smallest ones first) are hidden, shown as ``"X"``, until the
hidden rows of the breakdown are at least two and count at least ``MIN_CELL`` people together.
Totals stay exact. The other columns of a hidden row (proposals, votes, comments) are hidden
too, since they describe the same few people.
"""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from ml.text import mask_pii

MIN_CELL = 5
SMALL = "<5"  # fewer than five people
HIDDEN = "X"  # hidden so that a "<5" cell cannot be worked out from the total


class CountRow(msgspec.Struct):
    """One row of a breakdown before suppression: a label, its people and other counts."""

    label: str
    people: int
    counts: list[int]


class ShownRow(msgspec.Struct):
    """One row as printed: every cell already a string (a number, ``<5`` or ``X``)."""

    label: str
    people: str
    counts: list[str]
    hidden: bool = False


def suppress_small_cells(rows: Sequence[CountRow], minimum: int = MIN_CELL) -> list[ShownRow]:
    """Hide rows of fewer than ``minimum`` people, and enough others that none can be derived."""
    small = {i for i, r in enumerate(rows) if 0 < r.people < minimum}
    hidden = set(small)
    if hidden:
        candidates = sorted(
            (i for i, r in enumerate(rows) if i not in hidden and r.people > 0),
            key=lambda i: (rows[i].people, i),
        )
        while candidates and (len(hidden) < 2 or sum(rows[i].people for i in hidden) < minimum):
            hidden.add(candidates.pop(0))
    shown = []
    for i, row in enumerate(rows):
        if i in hidden:
            people = SMALL if i in small else HIDDEN
            shown.append(ShownRow(row.label, people, [HIDDEN] * len(row.counts), True))
        else:
            shown.append(ShownRow(row.label, str(row.people), [str(c) for c in row.counts]))
    return shown


def people_cell(people: int, minimum: int = MIN_CELL) -> str:
    """A single count of people on its own (no total to subtract it from)."""
    return SMALL if 0 < people < minimum else str(people)


def masked(text: str | None) -> str:
    """Free text as exports print it: phone numbers, e-mails, addresses… replaced."""
    return mask_pii(text or "").strip()


def excerpt(text: str, limit: int = 140) -> str:
    """Masked text of at most ``limit`` characters, cut after its last whole sentence (or
    between words, or, in Japanese without either nearby, between characters) and marked 「…」,
    so a quote never ends 「…because t…」."""
    text = " ".join(masked(text).split())
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    ends = [
        i
        for i, c in enumerate(head)
        if c in "。！？" or (c in ".!?" and text[i + 1 : i + 2] == " ")  # not 「3.5」
    ]
    sentence = ends[-1] if ends else -1
    if sentence >= limit // 2:
        return head[: sentence + 1] + "…"
    space = head.rfind(" ")
    if space >= limit * 2 // 3:
        return head[:space].rstrip("、，,") + "…"
    return head + "…"
