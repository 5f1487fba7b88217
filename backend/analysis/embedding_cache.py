"""The embedding cache in the application database (shared by every worker).

``ml`` calls the cache synchronously from the analysis thread; this adapter hands each call to
the event loop that owns the async engine and waits for it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Mapping, Sequence
from typing import Any, TypeVar

import numpy as np
from sqlalchemy import select

from backend.analysis.models import CachedEmbedding
from backend.core.database import Database, dialect_insert

_CHUNK = 500


_T = TypeVar("_T")


class DatabaseEmbeddingCache:
    def __init__(self, database: Database, loop: asyncio.AbstractEventLoop) -> None:
        self.database = database
        self.loop = loop

    def _wait(self, coroutine: Coroutine[Any, Any, _T]) -> _T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result()

    def get_many(self, backend: str, model: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        return self._wait(self._get_many(backend, model, list(hashes)))

    def put_many(self, backend: str, model: str, items: Mapping[str, np.ndarray]) -> None:
        self._wait(self._put_many(backend, model, dict(items)))

    async def _get_many(self, backend: str, model: str, hashes: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        async with self.database.session(write=False) as session:
            for start in range(0, len(hashes), _CHUNK):
                rows = await session.execute(
                    select(CachedEmbedding.content_hash, CachedEmbedding.vector).where(
                        CachedEmbedding.backend == backend,
                        CachedEmbedding.model == model,
                        CachedEmbedding.content_hash.in_(hashes[start : start + _CHUNK]),
                    )
                )
                for content_hash, vector in rows:
                    found[content_hash] = np.frombuffer(vector, dtype=np.float32)
        return found

    async def _put_many(self, backend: str, model: str, items: dict[str, np.ndarray]) -> None:
        rows = [
            {
                "backend": backend,
                "model": model,
                "content_hash": key,
                "dim": int(vec.shape[0]),
                "vector": np.asarray(vec, np.float32).tobytes(),
            }
            for key, vec in items.items()
        ]
        if not rows:
            return
        async with self.database.session(write=True) as session:
            insert = dialect_insert(session)
            for start in range(0, len(rows), _CHUNK):
                await session.execute(
                    insert(CachedEmbedding).on_conflict_do_nothing(), rows[start : start + _CHUNK]
                )
