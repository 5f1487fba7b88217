"""Language-neutral features: themes by topic, not by the language a proposal is written in.

Multilingual E5 vectors carry a strong per-language offset: every Vietnamese text sits a
little to one side of every Japanese text, whatever it is about, so clustering put each
language in a theme of its own (devset_kawase: 0 % of foreign proposals with their topic).
Removing each language's mean ("language-neutral" embeddings, Libovický et al. 2020, *On the
Language Neutrality of Pre-trained Multilingual Representations*) takes the offset away.
Kana-only Japanese (やさしい日本語, children's writing) is a group of its own: its vectors are
offset by writing style in the same way.

A small group's mean is mostly its topics, not its language (two Korean proposals about
childcare have childcare as their mean), so the offset is shrunk towards zero:
``offset = n / (n + m) · (group mean − overall mean)`` with ``m = shrinkage``.

Words never cross languages, so lexical (TF-IDF) features are built per language: a block per
group with at least ``min_texts`` texts, zero for every other row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from ml.embed.base import l2_normalize
from ml.embed.tfidf import TfidfEmbedder
from ml.text import _langid_lock, detect_language

KANA_ONLY = "ja-kana"
"""Group of Japanese texts written without kanji (kana-only / やさしい日本語)."""

_KANA_CHARS = "\u3041-\u309f\u30a1-\u30ff\uff66-\uff9f"
_HAN_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_KANA = re.compile(f"[{_KANA_CHARS}]")
_HAN = re.compile(f"[{_HAN_CHARS}]")
_CJK = re.compile(f"[{_KANA_CHARS}{_HAN_CHARS}]")


def language_group(text: str, lang: str | None = None, detected: str | None = None) -> str:
    """The group whose mean offset is removed: the language, or ``ja-kana`` for kana-only
    Japanese. ``lang``: the language the caller knows; ``detected``: ``detect_language(text)``
    when already computed (else it is computed here if ``lang`` is missing).

    A foreign text that keeps a Japanese word (ゴミ, 保育園) is still foreign: when letters
    outside Japanese script outnumber Japanese characters, the language is detected on the rest
    (``detect_language`` calls any text with kana Japanese). Text with kanji and few kana
    (under a fifth; Chinese with a loanword such as ゴミ, but also terse Japanese headings such
    as 「横断歩道 大学前に横断歩道を」, 0.15) is left to the language identifier on the whole text.
    Kanji-only text detected as Chinese stays Japanese unless a character is outside Japanese
    use (not in Shift_JIS, as 时, 车, 贵 are): pubcom's 「反対」「原発推進反対」 are Japanese.
    """
    was_detected = lang is None
    lang = lang or detected or detect_language(text)
    if lang == "zh" and was_detected and _japanese_kanji_only(text):
        return "ja"
    if lang != "ja":
        return lang
    kana, han = len(_KANA.findall(text)), len(_HAN.findall(text))
    other = sum(ch.isalpha() for ch in text) - kana - han
    if other > kana + han:
        return detect_language(_CJK.sub(" ", text))
    if han and kana < 0.2 * (kana + han) and _identify(text) == "zh":
        return "ja" if _japanese_kanji_only(text) else "zh"
    return "ja" if han else KANA_ONLY


def _japanese_kanji_only(text: str) -> bool:
    try:
        "".join(_HAN.findall(text)).encode("shift_jis")
    except UnicodeEncodeError:
        return False
    return True


def remove_group_offsets(
    x: np.ndarray, groups: Sequence[str], shrinkage: float = 5.0
) -> np.ndarray:
    """Unit rows with each group's shrunk mean offset removed, unit again.

    For a group of ``n`` rows: ``x_i − n / (n + shrinkage) · (group mean − overall mean)``.
    ``shrinkage=0`` centres every group fully; a large value leaves small groups alone.
    """
    x = l2_normalize(np.asarray(x, dtype=np.float32))
    group_of = np.asarray(groups)
    names, sizes = np.unique(group_of, return_counts=True)
    if len(x) < 2 or len(names) < 2:
        return x
    overall = x.mean(axis=0)
    out = x.copy()
    for group, n in zip(names, sizes, strict=True):
        rows = group_of == group
        out[rows] -= n / (n + shrinkage) * (x[rows].mean(axis=0) - overall)
    return l2_normalize(out)


def lexical_blocks(
    words: Sequence[Sequence[str]],
    groups: Sequence[str],
    *,
    min_texts: int = 20,
    random_state: int = 0,
) -> np.ndarray:
    """TF-IDF/LSA word features per group, side by side; zero rows outside a block's group.

    Each block is fitted only on its group's texts and centred there, so a word can bring
    two texts of one language together but never tells languages apart. Groups under
    ``min_texts`` texts get no block (too few documents for IDF to mean anything), except the
    largest, so a small single-language input keeps its word features as before.
    """
    group_of = np.asarray(groups)
    names, sizes = np.unique(group_of, return_counts=True)
    blocks = []
    for group, n in zip(names, sizes, strict=True):
        rows = np.flatnonzero(group_of == group)
        if n < 3 or (n < min_texts and n < sizes.max()):
            continue
        vectors = TfidfEmbedder(random_state=random_state).fit_transform_words(
            [words[i] for i in rows.tolist()]
        )
        vectors = l2_normalize(vectors - vectors.mean(axis=0, keepdims=True))
        block = np.zeros((len(groups), vectors.shape[1]), dtype=np.float32)
        block[rows] = vectors
        blocks.append(block)
    if not blocks:
        return np.zeros((len(groups), 0), dtype=np.float32)
    return np.hstack(blocks)


def _identify(text: str) -> str:
    import py3langid

    with _langid_lock:
        return str(py3langid.classify(text)[0])
