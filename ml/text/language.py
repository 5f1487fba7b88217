"""Language identification: kana means Japanese, otherwise py3langid."""

from __future__ import annotations

import threading

from ml.text.normalise import normalize_text
from ml.text.script import _KANA

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
