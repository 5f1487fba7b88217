"""Small text helpers shared by the features (the linguistics live in ml.text)."""

from __future__ import annotations

import hashlib

from backend.core.errors import InvalidInput
from ml.text import normalize_text


def clean_required(value: str, field: str) -> str:
    """Strip the value; a value made only of spaces is as empty as no value."""
    cleaned = value.strip()
    if not cleaned:
        raise InvalidInput(
            f"The {field} must not be empty.",
            errors=[{"field": field, "message": "must not be empty"}],
        )
    return cleaned


def content_hash(*parts: str) -> str:
    joined = "\n".join(normalize_text(p) for p in parts)
    return hashlib.sha256(joined.encode()).hexdigest()
