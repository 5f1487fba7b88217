"""Japanese-aware full-text search that works the same on SQLite and PostgreSQL.

Japanese has no spaces between words, so a whitespace tokenizer (or PostgreSQL's default text
search) cannot find 「バス」 in 「路線バスの本数」. We store the NFKC-normalised, lower-cased
text in ``proposals.search_text``, followed by its words in dictionary form, and split the
*query* into real words with the ML library's segmenter (fugashi + UniDic); every content word
of the query must occur there: 増やして in a proposal matches 増やす in a query, and
「バス」 matches inside 「路線バス」. On PostgreSQL a pg_trgm GIN index (see the migration)
serves these substring matches.
"""

from __future__ import annotations

from functools import lru_cache

from ml.text import normalize_text, segment_words


def search_document(title: str, body: str, tags: list[str]) -> str:
    text = normalize_text("\n".join([title, body, " ".join(tags)])).lower()
    return text + "\n" + " ".join(dict.fromkeys(segment_words(text)))


@lru_cache(maxsize=4096)
def query_terms(query: str) -> tuple[str, ...]:
    """Content words of the query; the whole query when segmentation leaves nothing. Cached:
    searches repeat, and segmenting one is a MeCab call on every page of its results."""
    normalised = normalize_text(query).lower()
    terms = tuple(t for t in dict.fromkeys(segment_words(normalised)) if t)
    return terms or ((normalised,) if normalised else ())


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def like_patterns(query: str) -> list[str]:
    """One LIKE pattern (escape character ``\\``) per content word of the query."""
    return [f"%{_escape_like(t)}%" for t in query_terms(query)]
