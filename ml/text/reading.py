"""Readings (読み) of Japanese text from UniDic: search by sound and ふりがな.

The same fugashi + unidic-lite dictionary as ``segment`` gives every word its reading in kana
(UniDic's ``kana`` field; ``kanaBase``, the dictionary form's, for verbs and adjectives) and its
lemma, which for a word written in kana is often the kanji spelling (えき → 駅). Search stores
both (``search_readings``); ふりがな shows the reading over the kanji of each word
(``ruby_segments``), leaving out the kana the word already spells (増やし → 増[ふ]やし).
"""

from __future__ import annotations

import re
import threading
from typing import Any, NamedTuple

from ml.text.script import _HAN
from ml.text.segment import _COMPOUND, _LEMMA, _SKIP, _pos_kind

# "pos1-pos2<TAB>surface<TAB>lemma<TAB>kana<TAB>kanaBase" per node; unknown words have no reading
_READING_FORMAT = (
    r'-O "" -F%F-[0,1]\\t%m\\t%f[7]\\t%f[17]\\t%f[18]\\n'
    r" -U%F-[0,1]\\t%m\\t\\t\\t\\n -E\\n"
)

_tagger: Any = None
_lock = threading.Lock()  # creation and parsing: MeCab's tagger is not re-entrant

_HIRAGANA_START, _HIRAGANA_END = 0x3041, 0x3096  # ぁ..ゖ; katakana is 0x60 above
_KANA_SHIFT = 0x60


def katakana(text: str) -> str:
    """Hiragana turned into katakana (ばす → バス); everything else unchanged."""
    return "".join(
        chr(ord(c) + _KANA_SHIFT) if _HIRAGANA_START <= ord(c) <= _HIRAGANA_END else c for c in text
    )


def hiragana(text: str) -> str:
    """Katakana turned into hiragana (コウエン → こうえん); everything else unchanged."""
    return "".join(
        chr(ord(c) - _KANA_SHIFT)
        if _HIRAGANA_START + _KANA_SHIFT <= ord(c) <= _HIRAGANA_END + _KANA_SHIFT
        else c
        for c in text
    )


def is_kana(text: str) -> bool:
    """True when ``text`` is written only in hiragana, katakana and the long-vowel mark."""
    return bool(text) and all(
        _HIRAGANA_START <= ord(c) <= _HIRAGANA_END + _KANA_SHIFT or c == "ー" for c in text
    )


class _Node(NamedTuple):
    pos: str
    surface: str
    lemma: str  # without UniDic's "-english" gloss (バス-bus → バス)
    kana: str
    kana_base: str


def _get_tagger() -> Any:
    global _tagger
    if _tagger is None:
        with _lock:
            if _tagger is None:
                import fugashi
                import unidic_lite

                dicdir = unidic_lite.DICDIR
                _tagger = fugashi.GenericTagger(
                    f'-d "{dicdir}" -r "{dicdir}/mecabrc" {_READING_FORMAT}'
                )
    return _tagger


_SPACE = re.compile(r"\s")


def _nodes(text: str, space: str = " ") -> list[_Node]:
    """MeCab's nodes of ``text``, each white-space character replaced by ``space`` (a
    punctuation mark ends noun compounds there, as ``segment`` does between runs)."""
    tagger = _get_tagger()
    with _lock:
        parsed = tagger.parse(_SPACE.sub(space, text))
    nodes = []
    for line in parsed.split("\n"):
        fields = line.split("\t")
        if len(fields) == 5:
            pos, surface, lemma, kana, kana_base = fields
            nodes.append(_Node(pos, surface, lemma.partition("-")[0], kana, kana_base))
    return nodes


def search_readings(text: str) -> tuple[list[str], list[str]]:
    """The katakana readings of the content words of ``text`` (a noun compound also as a whole:
    路線バス → ロセンバス, ロセン, バス; verbs and adjectives in dictionary form), and the kanji
    lemmas of words written in kana (えき → 駅), duplicates removed, in text order."""
    readings: dict[str, None] = {}
    lemmas: dict[str, None] = {}
    compound: list[str] = []

    def flush() -> None:
        if len(compound) > 1:
            readings["".join(compound)] = None
        for part in compound:
            if len(part) > 1:
                readings[part] = None
        compound.clear()

    for node in _nodes(text, space="、"):
        kind = _pos_kind(node.pos)[0]
        if kind == _SKIP or not node.kana:
            flush()
            continue
        if not _HAN.search(node.surface) and _HAN.search(node.lemma):
            lemmas[node.lemma] = None
        if kind == _COMPOUND:
            compound.append(node.kana)
            continue
        flush()
        reading = node.kana_base if kind == _LEMMA else node.kana
        if len(reading) > 1:
            readings[reading] = None
    flush()
    return list(readings), list(lemmas)


class RubySegment(NamedTuple):
    """A piece of text and its reading in hiragana; the reading is None unless it has kanji."""

    text: str
    reading: str | None


def _ruby(surface: str, reading: str) -> list[RubySegment]:
    """One word as segments: the kana it shares with its reading at either end is left bare."""
    start, end = 0, 0
    while (
        start < len(surface) - end
        and start < len(reading) - end
        and hiragana(surface[start]) == reading[start]
    ):
        start += 1
    while (
        end < len(surface) - start
        and end < len(reading) - start
        and hiragana(surface[-1 - end]) == reading[-1 - end]
    ):
        end += 1
    core = surface[start : len(surface) - end]
    if not _HAN.search(core):  # the reading did not fit the spelling: show none
        return [RubySegment(surface, None)]
    out = [
        RubySegment(surface[:start], None),
        RubySegment(core, reading[start : len(reading) - end]),
        RubySegment(surface[len(surface) - end :], None),
    ]
    return [s for s in out if s.text]


def ruby_segments(text: str) -> list[RubySegment]:
    """``text`` cut into segments that join back to exactly ``text``; each word with kanji
    carries its reading in hiragana (MeCab + UniDic). Unknown words have no reading."""
    out: list[RubySegment] = []

    def add(piece: str, reading: str | None) -> None:
        if out and reading is None and out[-1].reading is None:
            out[-1] = RubySegment(out[-1].text + piece, None)
        elif piece:
            out.append(RubySegment(piece, reading))

    cursor = 0
    for node in _nodes(text) if _HAN.search(text) else []:
        at = text.find(node.surface, cursor)
        if at < 0 or not node.surface:
            continue
        add(text[cursor:at], None)
        cursor = at + len(node.surface)
        if node.kana and _HAN.search(node.surface):
            for segment in _ruby(node.surface, hiragana(node.kana)):
                add(*segment)
        else:
            add(node.surface, None)
    add(text[cursor:], None)
    return out
