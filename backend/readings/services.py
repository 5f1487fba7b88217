"""Readings of texts, cached per process: the same titles, bodies and headings are asked for by
every reader, and MeCab is the only cost (about 4 µs a character)."""

from __future__ import annotations

from functools import lru_cache

from backend.core.errors import InvalidInput
from backend.readings.schemas import MAX_TOTAL_CHARS, ReadingsOut, RubySegment
from ml.text.reading import ruby_segments

# Only texts up to this length are cached, 1,024 of them: at most ~40 MB of segments per
# process (a segment object is ~150 bytes, about one per 4 characters); longer bodies are read
# again, in ~4 ms.
CACHED_CHARS = 1000


@lru_cache(maxsize=1024)
def _cached(text: str) -> tuple[RubySegment, ...]:
    return _segments(text)


def _segments(text: str) -> tuple[RubySegment, ...]:
    return tuple(RubySegment(s.text, s.reading) for s in ruby_segments(text))


def readings(texts: list[str]) -> ReadingsOut:
    """The ruby segments of each text (see ``ml.text.reading.ruby_segments``)."""
    total = sum(len(t) for t in texts)
    if total > MAX_TOTAL_CHARS:
        raise InvalidInput(
            f"The texts hold {total:,} characters together; ask for at most "
            f"{MAX_TOTAL_CHARS:,} at once, in several requests if need be."
        )
    return ReadingsOut(
        [list(_cached(t) if len(t) <= CACHED_CHARS else _segments(t)) for t in texts]
    )
