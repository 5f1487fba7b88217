"""Normalisation: NFKC, whitespace, emoji (they carry tone, not topic)."""

from __future__ import annotations

import re
import unicodedata

import emoji

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
