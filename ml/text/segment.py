"""Word segmentation: Japanese by fugashi (MeCab) + unidic-lite, Latin script on Unicode word
characters; stop words from ``ml/data/stop_words_*.txt``. See docs/ml.md for why not SudachiPy.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ml.text.normalise import strip_emoji
from ml.text.script import _CJK_CHARS, _HAN, is_cjk_text

DATA = Path(__file__).resolve().parents[1] / "data"


def _word_list(name: str) -> frozenset[str]:
    """The words of ``ml/data/<name>``: one a line, "#" starts a comment."""
    text = (DATA / name).read_text(encoding="utf-8")
    lines = (line.partition("#")[0].strip() for line in text.splitlines())
    return frozenset(line for line in lines if line)


_tagger: Any = None
_tagger_lock = threading.Lock()

# One line per MeCab node: "pos1-pos2<TAB>surface<TAB>lemma" (名詞-普通名詞, バス, バス-bus);
# an unknown word's lemma is its surface. Much shorter than unidic-lite's default output, and
# the part of speech comes first so a node is classified before anything else is split.
_NODE_FORMAT = r'-O "" -F%F-[0,1]\\t%m\\t%f[7]\\n -U%F-[0,1]\\t%m\\t%m\\n -E\\n'


def _get_tagger() -> Any:
    """The shared MeCab tagger on unidic-lite, created on first use (loading is slow)."""
    global _tagger
    if _tagger is None:
        with _tagger_lock:
            if _tagger is None:
                import fugashi
                import unidic_lite

                dicdir = unidic_lite.DICDIR
                rc = f"{dicdir}/mecabrc"
                _tagger = fugashi.GenericTagger(f'-d "{dicdir}" -r "{rc}" {_NODE_FORMAT}')
    return _tagger


# Runs of Japanese/Chinese script go to the tagger; everything else to the Latin splitter.
_CJK_RUN = re.compile(rf"[{_CJK_CHARS}0-9]*[{_CJK_CHARS}][{_CJK_CHARS}0-9]*")
_LATIN_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")

# Parts of speech that never carry topic: particles, auxiliaries, symbols, blanks.
_DROP_POS = {"助詞", "助動詞", "補助記号", "記号", "空白", "接続詞", "感動詞", "フィラー"}
_CONTENT_POS = {"名詞", "代名詞", "動詞", "形容詞", "形状詞", "副詞", "連体詞", "接頭辞", "接尾辞"}
_COMPOUND_POS = {"名詞", "接頭辞", "接尾辞"}

STOP_WORDS: frozenset[str] = _word_list("stop_words_ja.txt") | _word_list("stop_words_latin.txt")
"""Words dropped from keywords, titles and word features (Japanese and Latin-script lists)."""


def _is_fragment(word: str) -> bool:
    """One character that is not a standalone Han word (e.g. 駅, 森 are kept; ー, a, ぱ are not)."""
    return len(word) < 2 and not _HAN.fullmatch(word)


_RUN_SEPARATOR = "、"  # punctuation between runs: MeCab ends any compound there; it is dropped


# what to do with a node, by its unidic part-of-speech string ("名詞-普通名詞-一般", ...)
_SKIP, _COMPOUND, _NUMBER, _WORD, _LEMMA = range(5)
_pos_kind_cache: dict[str, tuple[int, str]] = {}


def _pos_kind(pos: str) -> tuple[int, str]:
    kind = _pos_kind_cache.get(pos)
    if kind is None:
        pos1, _, rest = pos.partition("-")
        pos2 = rest.partition("-")[0] or "*"
        if pos1 in _COMPOUND_POS and pos2 != "数詞" and pos2 != "非自立可能":
            kind = (_COMPOUND, pos1)
        elif pos2 == "数詞":
            kind = (_NUMBER, pos1)
        elif pos1 not in _CONTENT_POS or pos2 == "非自立可能":
            kind = (_SKIP, pos1)
        elif pos1 in ("動詞", "形容詞"):
            kind = (_LEMMA, pos1)
        else:
            kind = (_WORD, pos1)
        _pos_kind_cache[pos] = kind
    return kind


def _segment_cjk(runs: list[str], out: list[str], compounds: bool) -> None:
    """Content words of Japanese/Chinese runs, parsed by one MeCab call (``_NODE_FORMAT``).

    Reads MeCab's text output rather than building fugashi's node objects: several times
    faster, and this loop is the hot path of ``analyse`` (about 60 nodes per proposal).
    """
    tagger = _get_tagger()
    with _tagger_lock:  # MeCab's tagger is not re-entrant
        parsed = tagger.parse(_RUN_SEPARATOR.join(runs))

    compound: list[tuple[str, str]] = []  # (surface, pos1)
    after_number = False  # a one-kanji noun after a number is a counter (3番, 5人), not a word
    stop, han, known_kind = STOP_WORDS, _HAN.fullmatch, _pos_kind_cache.get

    def flush() -> None:
        whole = "".join([s for s, _ in compound])
        standalone = len(compound) == 1 and compound[0][1] == "名詞" and not after_number
        if compounds and len(compound) > 1 and whole not in stop:
            out.append(whole)
        for surface, pos1 in compound:
            if pos1 != "名詞" or surface in stop or surface.isdigit():
                continue
            if len(surface) < 2 and not (standalone and han(surface)):
                continue
            out.append(surface)
        compound.clear()

    for line in parsed.split("\n"):
        pos, _, rest = line.partition("\t")
        if not rest:  # the empty end of the output
            continue
        kind, pos1 = known_kind(pos) or _pos_kind(pos)
        if kind == _SKIP:  # particles, auxiliaries, symbols: half the nodes
            if compound:
                flush()
            after_number = False
            continue
        surface, _, lemma = rest.partition("\t")
        if kind == _COMPOUND:
            compound.append((surface, pos1))
            continue
        if compound:
            flush()
        after_number = kind == _NUMBER
        if after_number:
            if len(surface) >= 2:
                out.append(surface)
            continue
        # runs hold only kana, Han and digits, so only a verb's lemma can need lower-casing
        word = (lemma.partition("-")[0] or surface).lower() if kind == _LEMMA else surface
        if word in stop or (len(word) < 2 and not han(word)):
            continue
        out.append(word)
    if compound:
        flush()


@functools.lru_cache(maxsize=20_000)
def is_noun_phrase(word: str) -> bool:
    """True when MeCab reads ``word`` as a noun or a compound of nouns (with prefixes and
    suffixes), e.g. 路線バス, マイナンバーカード, 待合所; False for verbs and adjectives such as
    作る, 多い, and for formal nouns that cannot stand alone."""
    if not word or not is_cjk_text(word):
        return False
    tagger = _get_tagger()
    with _tagger_lock:
        parsed = tagger.parse(word)
    parts = [line.partition("\t")[0] for line in parsed.split("\n") if "\t" in line]
    if not parts:
        return False
    for pos in parts:
        pos1, _, rest = pos.partition("-")
        if pos1 not in _COMPOUND_POS or rest.partition("-")[0] == "非自立可能":
            return False
    first, last = parts[0].partition("-")[0], parts[-1].partition("-")[0]
    has_noun = any(p.partition("-")[0] == "名詞" for p in parts)
    return has_noun and first != "接尾辞" and last != "接頭辞"  # not づくり, 各


def _segment_latin(chunk: str, out: list[str]) -> None:
    for match in _LATIN_WORD.finditer(chunk):
        word = match.group(0).lower()
        if word in STOP_WORDS or len(word) < 2:
            continue
        out.append(word)


def segment_words(text: str, *, compounds: bool = True) -> list[str]:
    """Normalised, lower-cased content words of ``text``, duplicates kept (Latin-script words
    first, then the Japanese ones, each in text order).

    Japanese runs are segmented by fugashi + unidic-lite (short units). Particles, auxiliaries,
    symbols and common stop words are dropped, verbs and adjectives are reduced to their
    dictionary form. Consecutive nouns are also emitted joined (路線バス → 路線バス, 路線, バス)
    when ``compounds`` is true, so a query for either the compound or a part matches.
    Single-character fragments (prefixes, suffixes, lone kana or letters) are never returned;
    a standalone one-kanji noun such as 駅 is a word and is kept.
    """
    text = strip_emoji(text)
    out: list[str] = []
    runs: list[str] = []
    pos = 0
    for match in _CJK_RUN.finditer(text):
        if match.start() > pos:
            _segment_latin(text[pos : match.start()], out)
        runs.append(match.group(0))
        pos = match.end()
    if pos < len(text):
        _segment_latin(text[pos:], out)
    if runs:
        _segment_cjk(runs, out, compounds)
    return out


def segment_many(texts: Iterable[str], *, compounds: bool = True) -> list[list[str]]:
    """``segment_words`` over many texts."""
    return [segment_words(t, compounds=compounds) for t in texts]


# --------------------------------------------------------------------------------------------
