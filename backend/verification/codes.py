"""Postcard codes (住所確認コード): generated, stored as SHA-256 only, used once.

A code is 12 letters and digits from an alphabet without look-alikes (no 0/O, 1/I/L), printed
as ``ABCD-EFGH-JKMN``: 31^12 ≈ 2^59 possibilities, against at most 10 tries an hour per account
(rate rule ``verification_code``). Residents may type it in lower case, with or without the
hyphens, in full-width characters (what a Japanese IME often gives).
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 12


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, LENGTH, 4))


def normalise_code(typed: str) -> str:
    """「ａｂｃｄ－ｅｆｇｈ ｊｋｍｎ」 → 「ABCDEFGHJKMN」."""
    text = unicodedata.normalize("NFKC", typed).upper()
    return "".join(ch for ch in text if ch.isalnum())


def code_hash(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()
