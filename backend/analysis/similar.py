"""「似た意見がありませんか？」: similar existing proposals for a draft, while a resident types.

One in-memory index per process and API process, built on first use and topped up with newer
proposals on each query (so several API processes stay current without coordination). Hidden
or withdrawn proposals are filtered out at query time.
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.proposals.models import Proposal

SIMILAR_BACKEND_ENV = "KYOSO_SIMILAR_BACKEND"


class SimilarItem(msgspec.Struct):
    id: int
    title: str
    score: float
    agree: int


class _ProcessIndex:
    def __init__(self, index: Any) -> None:
        self.index = index
        self.last_id = 0
        self.lock = asyncio.Lock()


class SimilarProposals:
    """The per-process indexes of one API process (kept on ``app.state``)."""

    def __init__(self) -> None:
        self._indexes: dict[int, _ProcessIndex] = {}
        self._embedder: Any = None

    def _new_index(self) -> Any:
        from ml.embed.auto import make_embedder
        from ml.similar import SimilarProposalIndex

        if self._embedder is None:  # loaded lazily: API processes never asked stay small
            self._embedder = make_embedder(os.environ.get(SIMILAR_BACKEND_ENV, "auto"))
        if self._embedder.fitted_on_corpus:  # e.g. TF-IDF: each corpus gets its own vocabulary
            return SimilarProposalIndex(make_embedder(self._embedder.backend))
        return SimilarProposalIndex(self._embedder)

    async def _current(self, session: AsyncSession, process_id: int) -> _ProcessIndex:
        entry = self._indexes.get(process_id)
        if entry is None:
            entry = self._indexes[process_id] = _ProcessIndex(
                await asyncio.to_thread(self._new_index)
            )
        async with entry.lock:
            rows = (
                await session.execute(
                    select(Proposal.id, Proposal.title, Proposal.body)
                    .where(Proposal.process_id == process_id, Proposal.id > entry.last_id)
                    .order_by(Proposal.id)
                )
            ).all()
            if rows:
                ids, texts = [r.id for r in rows], [f"{r.title}\n{r.body}" for r in rows]
                if entry.last_id == 0:
                    await asyncio.to_thread(entry.index.build, ids, texts)
                else:
                    await asyncio.to_thread(entry.index.add, ids, texts)
                entry.last_id = rows[-1].id
        return entry

    async def query(
        self, session: AsyncSession, process_id: int, text: str, k: int
    ) -> list[SimilarItem]:
        entry = await self._current(session, process_id)
        hits = await asyncio.to_thread(entry.index.query, text, k * 2 + 5)
        if not hits:
            return []
        rows = {
            r.id: r
            for r in (
                await session.execute(
                    select(
                        Proposal.id, Proposal.title, Proposal.agree_count, Proposal.status
                    ).where(Proposal.id.in_([h.proposal_id for h in hits]))
                )
            ).all()
        }
        items = [
            SimilarItem(
                h.proposal_id,
                rows[h.proposal_id].title,
                round(h.score, 4),
                rows[h.proposal_id].agree_count,
            )
            for h in hits
            if h.proposal_id in rows and rows[h.proposal_id].status == "published"
        ]
        return items[:k]
