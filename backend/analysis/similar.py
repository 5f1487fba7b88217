"""「似た意見がありませんか？」: similar existing proposals for a draft, while a resident types.

A query embeds only the draft (one short text, in a thread) and searches the process's index,
which the job worker built and stored (backend/analysis/similar_index.py); each API process
reads it whole once per rebuild, then only the vectors an extension added. Proposals the index
lacks are matched lexically (character bigrams or words, no model) until the worker has extended
it; the API asks for that when it sees the index missing or behind, at most every
``REFRESH_SECONDS`` per process. With no index yet the answer is the lexical match over the newest
``LEXICAL_LIMIT`` proposals, at once. A request never embeds the corpus. Hidden or withdrawn
proposals are filtered out at query time.

Only relevant proposals are shown (0 to k): each kind of score has its own calibrated cut-off
(``ml.similar.cosine_cut`` and ``LEXICAL_CUT``; their scales differ). ``start_warm_up`` loads
the embedder in the background when the app starts; until it has, hints are lexical, so no
request waits for the model (bench/similar_warmup.py: the first hint asked the moment /ready
answered took 2.1 s before, on a loaded 2-core machine).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import msgspec
import numpy as np
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.analysis.models import SimilarIndex, SimilarVector
from backend.analysis.similar_index import SIMILAR_INDEX, index_usable, similar_embedder
from backend.core.app_state import StateKey
from backend.core.config import Settings
from backend.jobs.queue import JobQueue
from backend.proposals.models import Proposal
from backend.users.public_view import shown_text
from ml.similar import LEXICAL_CUT, SimilarProposalIndex, cosine_cut, lexical_scores
from ml.text import normalize_text

logger = logging.getLogger("kyoso.analysis")

REFRESH_SECONDS = 30.0
LEXICAL_LIMIT = 1000  # unindexed proposals matched lexically (1,000: ~25 ms of one core)


class SimilarItem(msgspec.Struct):
    id: int
    title: str
    score: float
    agree: int


class _Loaded(msgspec.Struct):
    built_at: datetime  # the full build this process holds
    covers_through_id: int  # and how far it has read that build's extensions
    index: Any  # ml.similar.SimilarProposalIndex


class SimilarProposals:
    """The loaded indexes of one API process (kept on ``app.state``)."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._loaded: dict[int, _Loaded] = {}
        self._load_locks: dict[int, asyncio.Lock] = {}
        self._asked: dict[int, float] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self.warming = False  # ``start_warm_up`` is loading the model
        self.warm = False  # and has loaded it

    async def query(
        self, session: AsyncSession, queue: JobQueue, process_id: int, text: str, k: int
    ) -> list[SimilarItem]:
        if not normalize_text(text):
            return []
        meta = (
            await session.execute(
                select(
                    SimilarIndex.backend,
                    SimilarIndex.model,
                    SimilarIndex.covers_through_id,
                    SimilarIndex.built_at,
                ).where(SimilarIndex.process_id == process_id)
            )
        ).one_or_none()
        newest = (
            await session.execute(
                select(func.coalesce(func.max(Proposal.id), 0)).where(
                    Proposal.process_id == process_id
                )
            )
        ).scalar_one()
        if meta is None or newest > meta.covers_through_id:
            self._ask_for_build(queue, process_id)
        scores: dict[int, float] = {}
        covers = 0
        # while the warm-up loads the model, the answer is lexical rather than late
        if meta is not None and not self.warming:
            embedder = await asyncio.to_thread(similar_embedder, self._settings)  # once per process
            if index_usable(embedder, meta.backend, meta.model):
                loaded = await self._load(session, process_id, meta, embedder)
                hits = await asyncio.to_thread(
                    loaded.index.query, text, k * 2 + 5, min_score=cosine_cut(embedder)
                )
                scores = {h.proposal_id: h.score for h in hits}
                covers = loaded.covers_through_id
        if newest > covers:
            for pid, score in await self._lexical(session, process_id, covers, text):
                scores[pid] = max(score, scores.get(pid, -1.0))
        return await _published_items(session, scores, k)

    def start_warm_up(self) -> asyncio.Task[None]:
        """Load the embedder and run its first query (its inference session starts lazily) in a
        thread, beside the app's start-up: it neither delays readiness nor stops the event loop,
        and queries meanwhile answer lexically instead of waiting for it."""
        self.warming = True
        task = asyncio.create_task(self._warm_up())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _warm_up(self) -> None:
        started = time.monotonic()
        try:
            embedder = await asyncio.to_thread(similar_embedder, self._settings)
            if not embedder.fitted_on_corpus:
                index = SimilarProposalIndex(embedder, query_cache_size=0)
                draft = index.query_text("バスの本数を増やしてほしい")
                await asyncio.to_thread(embedder.embed, [draft], kind=index.query_kind)
            self.warm = True
            logger.info("similar-proposal hint warmed up in %.1f s", time.monotonic() - started)
        except Exception:  # then the first hint loads it, as without a warm-up
            logger.exception("could not warm the similar-proposal hint up")
        finally:
            self.warming = False

    def _ask_for_build(self, queue: JobQueue, process_id: int) -> None:
        now = time.monotonic()
        if now - self._asked.get(process_id, -REFRESH_SECONDS) < REFRESH_SECONDS:
            return
        self._asked[process_id] = now
        # enqueued beside the request: a PgQueuer enqueue opens a connection
        task = asyncio.create_task(_enqueue(queue, process_id))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _load(
        self, session: AsyncSession, process_id: int, meta: Any, embedder: Any
    ) -> _Loaded:
        """The process's index as stored: read whole once per full build, then only the
        vectors that extensions added."""
        lock = self._load_locks.setdefault(process_id, asyncio.Lock())
        async with lock:  # one load per change, however many queries arrive meanwhile
            loaded = self._loaded.get(process_id)
            if loaded is None or loaded.built_at != meta.built_at:
                ids, vectors = await _vectors(session, process_id, 0)
                index = SimilarProposalIndex(embedder).load(ids, vectors)
                loaded = self._loaded[process_id] = _Loaded(meta.built_at, 0, index)
            elif loaded.covers_through_id < meta.covers_through_id:
                ids, vectors = await _vectors(session, process_id, loaded.covers_through_id)
                loaded.index.add_vectors(ids, vectors)
            loaded.covers_through_id = max(loaded.covers_through_id, meta.covers_through_id)
            return loaded

    async def _lexical(
        self, session: AsyncSession, process_id: int, after_id: int, text: str
    ) -> list[tuple[int, float]]:
        rows = (
            await session.execute(
                select(Proposal.id, Proposal.title, Proposal.body)
                .where(
                    Proposal.process_id == process_id,
                    Proposal.id > after_id,
                    Proposal.status == "published",
                )
                .order_by(Proposal.id.desc())
                .limit(LEXICAL_LIMIT)
            )
        ).all()
        scores = await asyncio.to_thread(
            lexical_scores, text, [f"{r.title}\n{r.body}" for r in rows]
        )
        return [(r.id, s) for r, s in zip(rows, scores, strict=True) if s >= LEXICAL_CUT]


async def _vectors(
    session: AsyncSession, process_id: int, after_id: int
) -> tuple[list[int], np.ndarray]:
    rows = (
        await session.execute(
            select(SimilarVector.proposal_id, SimilarVector.vector)
            .where(SimilarVector.process_id == process_id, SimilarVector.proposal_id > after_id)
            .order_by(SimilarVector.proposal_id)
        )
    ).all()
    vectors = np.frombuffer(b"".join(r.vector for r in rows), dtype=np.float32)
    return [r.proposal_id for r in rows], vectors.reshape(len(rows), -1) if rows else vectors


async def _enqueue(queue: JobQueue, process_id: int) -> None:
    try:
        await queue.enqueue(SIMILAR_INDEX, process_id)
    except Exception:  # the next query after REFRESH_SECONDS asks again
        logger.exception("could not ask for the similar index of process %s", process_id)


async def _published_items(
    session: AsyncSession, scores: dict[int, float], k: int
) -> list[SimilarItem]:
    ranked: Sequence[int] = sorted(scores, key=lambda pid: (-scores[pid], pid))[: k * 2 + 5]
    if not ranked:
        return []
    rows = {
        r.id: r
        for r in (
            await session.execute(
                select(Proposal.id, Proposal.title, Proposal.agree_count, Proposal.status).where(
                    Proposal.id.in_(ranked)
                )
            )
        ).all()
    }
    items = [
        # shown as to the public: the person typing is not the author of what the hint finds
        SimilarItem(
            pid,
            shown_text(rows[pid].title, None, None),
            round(scores[pid], 4),
            rows[pid].agree_count,
        )
        for pid in ranked
        if pid in rows and rows[pid].status == "published"
    ]
    return items[:k]


SIMILAR: StateKey[SimilarProposals] = StateKey("similar")
