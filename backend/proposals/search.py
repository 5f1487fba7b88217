"""Japanese-aware full-text search that works the same on SQLite and PostgreSQL.

Japanese has no spaces between words, so a whitespace tokenizer (or PostgreSQL's default text
search) cannot find 「バス」 in 「路線バスの本数」. We store the NFKC-normalised, lower-cased
text in ``proposals.search_text``, followed by its words in dictionary form, and split the
*query* into real words with the ML library's segmenter (fugashi + UniDic); every content word
of the query must occur there: 増やして in a proposal matches 増やす in a query, and
「バス」 matches inside 「路線バス」. A page is first looked for among the next proposals in
its order (``search_strings``, matched as written), then over all of them: a word of three
characters or more with ``LIKE`` (``like_patterns``), which on PostgreSQL a pg_trgm GIN index
(see the migration) can serve, a shorter one as written (``by_pattern``); the count of a
search does the same. ``proposals/reads.py`` says why.

Readings let the three scripts find each other (``ml.text.reading``): the document also holds
the kanji lemma of every word written in kana (えき → 駅, so 「駅」 finds 「えきまえ」) and, on
its last line, the katakana reading of every word, each between spaces. A query word written
only in kana matches as written *or* as the whole reading of a word: 「ばす」 finds 「バス」,
「えき」 finds 「駅」, 「こうえん」 finds 「公園」. The reading must be a whole word, not part of
one, so that short kana queries stay precise: 「えき」 does not find 「駅前」 (エキマエ) or
「液体」 (エキタイ). One kana is never matched by reading. Homophones meet by nature:
「こうえん」 also finds 「講演」 and 「講演会」 (MeCab reads 講演 + 会).
A query word with kanji matches only as written (its reading would bring every homophone).

Changing what the document holds needs a re-index of stored proposals: a data migration
(``migrations/versions/*_search_readings.py``) recomputes ``search_text`` for every proposal.
"""

from __future__ import annotations

from functools import lru_cache

from ml.text import normalize_text, segment_words
from ml.text.reading import is_kana, katakana, search_readings

MIN_READING_CHARS = 2
"""A kana query word shorter than this matches only as written, never by reading."""


def search_document(title: str, body: str, tags: list[str]) -> str:
    text = normalize_text("\n".join([title, body, " ".join(tags)])).lower()
    readings, lemmas = search_readings(text)
    words = " ".join(dict.fromkeys([*segment_words(text), *lemmas]))
    return f"{text}\n{words}\n {' '.join(readings)} "


@lru_cache(maxsize=4096)
def query_terms(query: str) -> tuple[str, ...]:
    """Content words of the query; the whole query when segmentation leaves nothing. Cached:
    searches repeat, and segmenting one is a MeCab call on every page of its results."""
    normalised = normalize_text(query).lower()
    words = [t for t in dict.fromkeys(segment_words(normalised)) if t]
    # a part of a compound (バス of 路線バス) is implied by it as written, and must not be
    # asked for as a whole reading (えき of えきまえ)
    terms = tuple(t for t in words if not any(t != other and t in other for other in words))
    return terms or ((normalised,) if normalised else ())


def escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@lru_cache(maxsize=4096)
def search_strings(query: str) -> tuple[tuple[str, ...], ...]:
    """Per content word of the query, the strings of which one must occur in the document: the
    word as written, and for a kana word its whole katakana reading between spaces."""
    out = []
    for term in query_terms(query):
        strings = [term]
        if len(term) >= MIN_READING_CHARS and is_kana(term):
            strings.append(f" {katakana(term)} ")
        out.append(tuple(strings))
    return tuple(out)


TRIGRAM_CHARS = 3
"""pg_trgm's index serves ``LIKE '%word%'`` only when the word has three characters or more."""


def by_pattern(string: str) -> bool:
    """Whether a search string is matched over all proposals with ``LIKE``, which the trigram
    index can serve, rather than as written (``strpos``/``instr``). A shorter string cannot
    use the index, and a scan matching it with ``LIKE`` cost PostgreSQL three to four times
    what ``strpos`` costs (counting バス among 10,000 proposals of demo-length text: 61 ms
    against 19 ms of CPU)."""
    return len(string.strip()) >= TRIGRAM_CHARS


def like_patterns(query: str) -> list[tuple[str, ...]]:
    """``search_strings`` as LIKE patterns (escape character ``\\``): ``%word%``."""
    return [
        tuple(f"%{escape_like(string)}%" for string in strings) for strings in search_strings(query)
    ]
