"""PII masking (個人情報): e-mail, phone, postal code, individual number, street address."""

from __future__ import annotations

import re

from ml.text.normalise import normalize_text

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
