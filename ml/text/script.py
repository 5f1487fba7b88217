"""Which script a text is written in: the character classes of Japanese and Chinese."""

from __future__ import annotations

import re

# Kana, CJK ideographs, 々〆 and the long-vowel mark ー: Japanese (or Chinese) script.
_CJK_CHARS = r"\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005\u3006\u30fc"
_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def is_cjk_text(text: str) -> bool:
    """True when the text contains kana or Han characters."""
    return bool(_KANA.search(text) or _HAN.search(text))
