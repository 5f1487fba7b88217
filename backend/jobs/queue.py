"""Where analysis jobs go: PgQueuer on PostgreSQL, an in-process worker on SQLite.

We chose **PgQueuer** for production: it keeps jobs in PostgreSQL (no Redis or broker to run
on a closed municipal network), it speaks asyncpg — our driver already — it wakes workers with
LISTEN/NOTIFY and takes jobs with ``FOR UPDATE SKIP LOCKED``, and its heartbeats let another
worker re-pick the job of a worker that died. SAQ's PostgreSQL queue would need psycopg as a
second driver. The ``analysis_runs`` row stays the durable truth either way; a queue only says
"run #N is waiting".
"""

from __future__ import annotations

import asyncio
from typing import Protocol

from backend.core.app_state import StateKey

ANALYSIS_ENTRYPOINT = "kyoso_analysis"
SIMILAR_INDEX_ENTRYPOINT = "kyoso_similar_index"


class JobQueue(Protocol):
    async def enqueue_run(self, run_id: int) -> None: ...

    async def enqueue_similar_index(self, process_id: int) -> None: ...


JOB_QUEUE: StateKey[JobQueue] = StateKey("job_queue")


def asyncpg_dsn(database_url: str) -> str:
    """``postgresql+asyncpg://…`` → ``postgresql://…`` for asyncpg itself."""
    return "postgresql://" + database_url.split("://", 1)[1]


class PgQueuerQueue:
    """Enqueue with PgQueuer; ``dedupe_key`` makes re-enqueueing a waiting run harmless."""

    def __init__(self, database_url: str) -> None:
        self.dsn = asyncpg_dsn(database_url)

    async def enqueue_run(self, run_id: int) -> None:
        await self._enqueue(ANALYSIS_ENTRYPOINT, run_id, f"run-{run_id}")

    async def enqueue_similar_index(self, process_id: int) -> None:
        await self._enqueue(SIMILAR_INDEX_ENTRYPOINT, process_id, f"similar-{process_id}")

    async def _enqueue(self, entrypoint: str, payload: int, dedupe_key: str) -> None:
        import asyncpg
        from pgqueuer import AsyncpgDriver, Queries

        connection = await asyncpg.connect(self.dsn)
        try:
            await Queries(AsyncpgDriver(connection)).enqueue(
                entrypoint, str(payload).encode(), dedupe_key=dedupe_key, on_conflict="skip"
            )
        finally:
            await connection.close()


class InProcessQueue:
    """Embedded mode: wakes the worker task that lives in the API process."""

    def __init__(self) -> None:
        self.wake = asyncio.Event()
        self.similar_indexes_wanted: set[int] = set()  # process ids

    async def enqueue_run(self, run_id: int) -> None:
        self.wake.set()

    async def enqueue_similar_index(self, process_id: int) -> None:
        self.similar_indexes_wanted.add(process_id)
        self.wake.set()


async def install_queue_schema(database_url: str) -> None:
    """Create (or upgrade) PgQueuer's tables; part of ``kyoso migrate`` on PostgreSQL."""
    import asyncpg
    from pgqueuer import AsyncpgDriver, Queries

    connection = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        queries = Queries(AsyncpgDriver(connection))
        if await queries.schema_is_installed():
            await queries.upgrade()
        else:
            await queries.install()
    finally:
        await connection.close()
