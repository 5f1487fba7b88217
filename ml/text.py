"""Text preparation: normalisation, word segmentation, language detection, PII masking.

Japanese is segmented with fugashi (MeCab) + unidic-lite; see docs/ml.md for why not SudachiPy.
Latin-script text (English, Portuguese, Vietnamese, ...) is split on Unicode word characters.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections.abc import Iterable
from typing import Any

import emoji

__all__ = [
    "STOP_WORDS",
    "detect_language",
    "is_cjk_text",
    "is_noun_phrase",
    "mask_pii",
    "normalize_text",
    "segment_words",
    "strip_emoji",
]

_WHITESPACE = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """NFKC-normalise, collapse runs of whitespace to one space and strip the ends."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()


_MAYBE_EMOJI = re.compile("[\u2190-\u2bff\u3030\u303d\u3297\u3299\ufe0f\U0001f000-\U0001faff]")


def strip_emoji(text: str) -> str:
    """Remove emoji (they carry tone, not topic) and tidy the whitespace left behind."""
    if _MAYBE_EMOJI.search(text):  # the emoji package is slow; most texts have none
        text = emoji.replace_emoji(text, replace=" ")
    return normalize_text(text)


# --------------------------------------------------------------------------------------------
# Word segmentation
# --------------------------------------------------------------------------------------------

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
_CJK_CHARS = r"\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005\u3006\u30fc"
_CJK_RUN = re.compile(rf"[{_CJK_CHARS}0-9]*[{_CJK_CHARS}][{_CJK_CHARS}0-9]*")
_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")

# Parts of speech that never carry topic: particles, auxiliaries, symbols, blanks.
_DROP_POS = {"助詞", "助動詞", "補助記号", "記号", "空白", "接続詞", "感動詞", "フィラー"}
_CONTENT_POS = {"名詞", "代名詞", "動詞", "形容詞", "形状詞", "副詞", "連体詞", "接頭辞", "接尾辞"}
_COMPOUND_POS = {"名詞", "接頭辞", "接尾辞"}

_JA_STOP = set(
    # light verbs, formal nouns, pronouns, demonstratives, filler adverbs
    [
        "ああ",
        "あそこ",
        "あの",
        "ある",
        "あれ",
        "いい",
        "いう",
        "いく",
        "いただく",
        "いる",
        "おく",
        "おける",
        "おる",
        "かなり",
        "くださる",
        "くる",
        "くれる",
        "こう",
        "ここ",
        "こと",
        "この",
        "これ",
        "ござる",
        "させる",
        "さらに",
        "さん",
        "しまう",
        "すごく",
        "する",
        "せる",
        "ぜひ",
        "そう",
        "そこ",
        "その",
        "それ",
        "たち",
        "ため",
        "ちょっと",
        "つく",
        "つもり",
        "できる",
        "とき",
        "ところ",
        "とても",
        "どう",
        "どの",
        "どれ",
        "ない",
        "なぜ",
        "など",
        "なる",
        "なんで",
        "の",
        "はず",
        "ほう",
        "ほしい",
        "また",
        "まだ",
        "みる",
        "もう",
        "もっと",
        "もの",
        "もらう",
        "やる",
        "よい",
        "よう",
        "よく",
        "よる",
        "ら",
        "られる",
        "れる",
        "わけ",
        "ん",
        "上",
        "下",
        "下さる",
        "中",
        "事",
        "今回",
        "今後",
        "以上",
        "以下",
        "伴う",
        "俺",
        "僕",
        "全く",
        "内",
        "前",
        "化",
        "含める",
        "基づく",
        "場合",
        "外",
        "大変",
        "対する",
        "少し",
        "後",
        "思う",
        "我々",
        "所",
        "方",
        "是非",
        "時",
        "本当",
        "来る",
        "様",
        "欲しい",
        "為",
        "物",
        "特に",
        "状況",
        "的",
        "皆",
        "皆さん",
        "私",
        "等",
        "考える",
        "自分",
        "良い",
        "行く",
        "言う",
        "通す",
        "関する",
        "非常",
    ]
)
_LATIN_STOP = set(
    # English, Portuguese and Vietnamese function words
    [
        "a",
        "about",
        "again",
        "all",
        "also",
        "an",
        "and",
        "any",
        "ao",
        "aos",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "being",
        "both",
        "but",
        "by",
        "bạn",
        "can",
        "cho",
        "chúng",
        "com",
        "como",
        "could",
        "các",
        "có",
        "cũng",
        "của",
        "da",
        "das",
        "de",
        "did",
        "do",
        "does",
        "dos",
        "down",
        "e",
        "each",
        "ela",
        "elas",
        "ele",
        "eles",
        "em",
        "essa",
        "esse",
        "esta",
        "este",
        "eu",
        "few",
        "foi",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "here",
        "his",
        "how",
        "há",
        "họ",
        "i",
        "if",
        "in",
        "into",
        "is",
        "isso",
        "isto",
        "it",
        "its",
        "just",
        "khi",
        "không",
        "là",
        "lại",
        "mais",
        "many",
        "mas",
        "may",
        "me",
        "meu",
        "might",
        "minha",
        "more",
        "most",
        "much",
        "muita",
        "muito",
        "must",
        "my",
        "mà",
        "một",
        "na",
        "nao",
        "nas",
        "need",
        "needs",
        "người",
        "nhiều",
        "những",
        "no",
        "nos",
        "not",
        "này",
        "não",
        "nên",
        "nós",
        "o",
        "of",
        "on",
        "only",
        "or",
        "os",
        "other",
        "ou",
        "our",
        "out",
        "over",
        "own",
        "para",
        "pela",
        "pelo",
        "por",
        "que",
        "ra",
        "rất",
        "same",
        "se",
        "sem",
        "ser",
        "seu",
        "shall",
        "she",
        "should",
        "so",
        "some",
        "sua",
        "such",
        "são",
        "sẽ",
        "ta",
        "tem",
        "ter",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "thì",
        "to",
        "too",
        "trong",
        "tôi",
        "từ",
        "um",
        "uma",
        "umas",
        "under",
        "uns",
        "up",
        "us",
        "very",
        "você",
        "vocês",
        "và",
        "vào",
        "vì",
        "với",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "à",
        "às",
        "é",
        "đang",
        "đã",
        "đó",
        "được",
        "để",
    ]
)
STOP_WORDS: frozenset[str] = frozenset(_JA_STOP | _LATIN_STOP)


def is_cjk_text(text: str) -> bool:
    """True when the text contains kana or Han characters."""
    return bool(_KANA.search(text) or _HAN.search(text))


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
# Language detection
# --------------------------------------------------------------------------------------------

_langid_lock = threading.Lock()


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language (ja, en, pt, vi, zh, ...).

    Any kana means Japanese (py3langid confuses short Japanese with Chinese); otherwise
    py3langid decides. Text with no letters at all is reported as ``"und"``.
    """
    text = normalize_text(text)
    if _KANA.search(text):
        return "ja"
    if not any(ch.isalpha() for ch in text):
        return "und"
    import py3langid

    with _langid_lock:
        lang, _score = py3langid.classify(text)
    return str(lang)


# --------------------------------------------------------------------------------------------
# PII masking
# --------------------------------------------------------------------------------------------

EMAIL_TOKEN = "［メール］"
PHONE_TOKEN = "［電話番号］"
POSTAL_TOKEN = "［郵便番号］"
MY_NUMBER_TOKEN = "［個人番号］"
ADDRESS_TOKEN = "［住所］"
PII_TOKENS = (EMAIL_TOKEN, PHONE_TOKEN, POSTAL_TOKEN, MY_NUMBER_TOKEN, ADDRESS_TOKEN)

_H = r"[-‐‑–—−ー]"  # hyphen-like characters left after NFKC
_NUM = r"(?:\d+|[一二三四五六七八九十〇百]+)"
# ASCII only: ``\w`` also matches kanji and kana, so 「詳しくはtaro@example.comへ」 became
# 「［メール］」 with the Japanese around the address swallowed
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_MY_NUMBER = re.compile(r"(?<![\d-])\d{4}[ -]?\d{4}[ -]?\d{4}(?![\d-])")
# not after an ASCII letter, digit or "+" (a longer number or a code); kanji may come right
# before the number, as in 「電話090-1234-5678」
_PHONE = re.compile(
    r"(?<![A-Za-z0-9+])(?:"
    rf"\+81[ -]?\(?0?\d{{1,4}}\)?[ -]?\d{{1,4}}[ -]?\d{{3,4}}"  # +81 90-1234-5678
    rf"|\(0\d{{1,4}}\)[ -]?\d{{1,4}}{_H}?\d{{3,4}}"  # (03)1234-5678
    rf"|0\d{{1,4}}(?:{_H}| )\d{{1,4}}(?:{_H}| )\d{{3,4}}"  # 090-1234-5678, 03 1234 5678
    r"|0[5789]0\d{8}|0\d{9}"  # 09012345678, 0312345678
    r")(?!\d)"
)
_POSTAL = re.compile(rf"〒 ?\d{{3}}{_H}?\d{{4}}|(?<![\d-])\d{{3}}{_H}\d{{4}}(?![\d-])")
_ADDRESS = re.compile(
    rf"{_NUM}丁目(?:{_NUM}(?:番地?|{_H})(?:{_NUM}号?(?:{_H}{_NUM})?)?)?"
    rf"|{_NUM}番地(?:{_H}?{_NUM}号?)?"
    rf"|{_NUM}番{_NUM}号"
    # 1-2-3 (or 12-3) right after a place name ending in a typical suffix or any kanji/kana
    rf"|(?<=[町村区市丁条通台丘野田川山島谷沢原浜橋本郷字\u3040-\u30ff])\d{{1,4}}{_H}\d{{1,4}}(?:{_H}\d{{1,4}})?(?![\d-])"
)


_DIGIT = re.compile(r"\d")  # phone, postal and individual numbers all need one
# every address alternative needs 丁目, 番 or digit-hyphen-digit
_MAYBE_ADDRESS = re.compile(rf"丁目|番|\d{_H}\d")


def mask_pii(text: str) -> str:
    """Replace personal data with placeholder tokens.

    Masks e-mail addresses (［メール］), Japanese phone numbers including +81 forms
    (［電話番号］), postal codes (［郵便番号］), 12-digit individual numbers (［個人番号］) and
    street addresses where detectable (1丁目2番3号, 12番地, 中央町1-2-3 → ［住所］).
    The text is NFKC-normalised first so that full-width digits are caught too.
    """
    text = normalize_text(text)
    # each pattern runs only where it can match (a cheap test first): most texts have no
    # "@", and the address pattern is slow to scan
    if "@" in text:
        text = _EMAIL.sub(EMAIL_TOKEN, text)
    if _DIGIT.search(text):
        text = _MY_NUMBER.sub(MY_NUMBER_TOKEN, text)
        text = _PHONE.sub(PHONE_TOKEN, text)
        text = _POSTAL.sub(POSTAL_TOKEN, text)
    if _MAYBE_ADDRESS.search(text):
        text = _ADDRESS.sub(ADDRESS_TOKEN, text)
    return text
