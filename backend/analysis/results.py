"""A run's stored result (``AnalysisResult.payload``) read back as the ml library's own types.

The payload is ``msgspec.to_builtins(ml.schema.Analysis)``; decoding it with the same schema
keeps the backend free of dict look-ups, and fields added since (``Theme.title_en``,
``Analysis.skipped``…) take their defaults, so payloads of older runs still decode.
"""

from __future__ import annotations

from typing import Any

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from backend.analysis.models import AnalysisResult
from ml.schema import DuplicateGroup, OpinionResult


def decode_opinions(payload: dict[str, Any] | None) -> OpinionResult | None:
    """The opinion groups of a stored payload (``None`` when the run had no votes)."""
    opinions = (payload or {}).get("opinions")
    return msgspec.convert(opinions, OpinionResult) if opinions else None


def decode_duplicates(payload: dict[str, Any] | None) -> list[DuplicateGroup]:
    """The near-duplicate groups of a stored payload."""
    return msgspec.convert((payload or {}).get("duplicates", []), list[DuplicateGroup])


async def stored_payload(session: AsyncSession, run_id: int) -> dict[str, Any] | None:
    result = await session.get(AnalysisResult, run_id)
    return result.payload if result else None
