"""Text preparation: normalisation (``normalise``), scripts (``script``), word segmentation
and stop words (``segment``), language identification (``language``), PII masking (``pii``).

Japanese is segmented with fugashi (MeCab) + unidic-lite; see docs/ml.md for why not SudachiPy.
Latin-script text (English, Portuguese, Vietnamese, ...) is split on Unicode word characters.
The names below are the package's public interface: ``from ml.text import mask_pii``.
"""

from __future__ import annotations

from ml.text.language import _langid_lock, detect_language
from ml.text.normalise import normalize_text, strip_emoji
from ml.text.pii import (
    ADDRESS_TOKEN,
    EMAIL_TOKEN,
    MY_NUMBER_TOKEN,
    PHONE_TOKEN,
    PII_TOKENS,
    POSTAL_TOKEN,
    mask_pii,
)
from ml.text.script import is_cjk_text
from ml.text.segment import STOP_WORDS, is_noun_phrase, segment_many, segment_words

__all__ = [
    "ADDRESS_TOKEN",
    "EMAIL_TOKEN",
    "MY_NUMBER_TOKEN",
    "PHONE_TOKEN",
    "PII_TOKENS",
    "POSTAL_TOKEN",
    "STOP_WORDS",
    "_langid_lock",
    "detect_language",
    "is_cjk_text",
    "is_noun_phrase",
    "mask_pii",
    "normalize_text",
    "segment_many",
    "segment_words",
    "strip_emoji",
]
