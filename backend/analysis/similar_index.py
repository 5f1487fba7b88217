"""Building the stored similar-proposal index: the job runner's side of 「似た意見」 (the
``similar_index`` job kind, ``SIMILAR_INDEX``).

The worker embeds every proposal of a process through the embedding cache (after an analysis
run with the same model they are all cached, so a build only reads and packs vectors) and
stores the matrix in ``similar_indexes``. Every API process loads it (backend/analysis/
similar.py) and embeds only the query. Before, the first query of each API process embedded
the whole corpus inside the request: on 10,000 proposals both cores were busy for more than
4 minutes and the request never answered.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from typing import Any

import numpy as np
from sqlalchemy import delete, func, select

from backend.analysis.embedding_cache import DatabaseEmbeddingCache
from backend.analysis.models import SimilarIndex, SimilarVector
from backend.core.config import Settings
from backend.core.database import Database, dialect_insert, utcnow
from backend.core.jobs import JobKind
from backend.core.metrics import timed_job
from backend.proposals.models import Proposal

logger = logging.getLogger("kyoso.analysis")


_embedder: list[Any] = []
_embedder_lock = threading.Lock()


def similar_embedder(settings: Settings) -> Any:
    """The embedder of the similar hint, the same in the worker and in the API (both read
    ``KYOSO_SIMILAR_BACKEND`` and ``KYOSO_EMBED_MODEL``); loaded once per process, by whichever
    thread asks first."""
    from ml.embed.auto import make_embedder

    with _embedder_lock:
        if not _embedder:
            _embedder.append(make_embedder(settings.similar_backend, settings.embed_model or None))
        return _embedder[0]


def index_usable(embedder: Any, backend: str, model: str) -> bool:
    """A stored index answers queries only when the query is embedded by the same model;
    corpus-fitted backends (TF-IDF) have no stored index (their query vector depends on the
    corpus), so the hint falls back to lexical matching with them."""
    return not embedder.fitted_on_corpus and embedder.backend == backend and embedder.model == model


async def build_similar_index(
    database: Database, process_id: int, *, full: bool = False
) -> int | None:
    """Bring the stored index of ``process_id`` up to its newest proposal: extend it with the
    proposals it lacks, or (``full``, no index yet, another model) replace it. Embeds through
    the cache. Returns the index's size, or None when the configured backend cannot have a
    stored index."""
    from ml.similar import SimilarProposalIndex

    started = time.monotonic()
    embedder = await asyncio.to_thread(similar_embedder, database.settings)
    if embedder.fitted_on_corpus:
        return None
    async with database.session(write=False) as session:
        meta = await session.get(SimilarIndex, process_id)
        extend = not full and meta is not None and index_usable(embedder, meta.backend, meta.model)
        after = meta.covers_through_id if extend and meta is not None else 0
        covers = (
            await session.execute(
                select(func.coalesce(func.max(Proposal.id), 0)).where(
                    Proposal.process_id == process_id
                )
            )
        ).scalar_one()
        if extend and meta is not None and covers <= after:
            return meta.size
        # every status: hidden or withdrawn ones are filtered at query time, and one that is
        # published after moderation is then already indexed
        rows = (
            await session.execute(
                select(Proposal.id, Proposal.title, Proposal.body)
                .where(
                    Proposal.process_id == process_id,
                    Proposal.id > after,
                    Proposal.id <= covers,
                )
                .order_by(Proposal.id)
            )
        ).all()
    cache = DatabaseEmbeddingCache(database, asyncio.get_running_loop())
    index = SimilarProposalIndex(embedder, cache)
    await asyncio.to_thread(
        index.build, [r.id for r in rows], [f"{r.title}\n{r.body}" for r in rows]
    )
    indexed, vectors = index.vectors()
    ids = [int(pid) for pid in indexed]  # ml ids may be text; these are our proposals' ids
    size = await _store(database, process_id, embedder, extend, int(covers), ids, vectors)
    logger.info(
        "similar index of process %s %s: %s new vectors, %s in all, in %.1f s",
        process_id,
        "extended" if extend else "built",
        len(ids),
        size,
        time.monotonic() - started,
    )
    return size


async def _store(
    database: Database,
    process_id: int,
    embedder: Any,
    extend: bool,
    covers: int,
    ids: list[int],
    vectors: np.ndarray,
) -> int:
    async with database.session(write=True) as session:
        meta = (
            await session.execute(
                select(SimilarIndex).where(SimilarIndex.process_id == process_id).with_for_update()
            )
        ).scalar_one_or_none()
        if not extend or meta is None:
            await session.execute(
                delete(SimilarVector).where(SimilarVector.process_id == process_id)
            )
            if meta is None:
                meta = SimilarIndex(process_id=process_id)
                session.add(meta)
            meta.backend, meta.model = embedder.backend, embedder.model
            meta.size, meta.covers_through_id, meta.built_at = 0, 0, utcnow()
            await session.flush()
        rows = [
            {"process_id": process_id, "proposal_id": pid, "vector": vector.tobytes()}
            for pid, vector in zip(ids, np.asarray(vectors, dtype=np.float32), strict=True)
        ]
        insert = dialect_insert(session)
        for start in range(0, len(rows), 1000):
            # do nothing on a conflict: two workers may extend the same index at once
            await session.execute(
                insert(SimilarVector).on_conflict_do_nothing(), rows[start : start + 1000]
            )
        meta.size = (
            await session.execute(
                select(func.count())
                .select_from(SimilarVector)
                .where(SimilarVector.process_id == process_id)
            )
        ).scalar_one()
        meta.covers_through_id = max(meta.covers_through_id, covers)
        return meta.size


async def build_after_run(database: Database, process_id: int, backend: str, model: str) -> None:
    """After an analysis run: rebuild the index when the run embedded with the hint's model
    (then every vector is cached and the build only packs them). After a run with another
    model the index waits for the API to ask, so that a TF-IDF run does not start an
    embedding of the whole corpus."""
    embedder = await asyncio.to_thread(similar_embedder, database.settings)
    if index_usable(embedder, backend, model):
        await build_similar_index_logged(database, process_id, full=True)


async def extend_similar_index(database: Database, process_id: int) -> None:
    """The job an API process asks for when the index is missing or behind."""
    await build_similar_index(database, process_id)


# no durable row: a lost or failed build is asked for again by the next query (similar.py)
SIMILAR_INDEX = JobKind("similar_index", extend_similar_index)


async def build_similar_index_logged(
    database: Database, process_id: int, *, full: bool = False
) -> None:
    """``build_similar_index`` inside another job (after a run): a failure is logged and timed
    as the index's own, the job goes on."""
    with timed_job("similar_index") as timing:
        try:
            await build_similar_index(database, process_id, full=full)
        except Exception:
            logger.exception("similar index of process %s failed", process_id)
            timing["outcome"] = "failed"
