"""Where jobs wait: PgQueuer on PostgreSQL, the in-process runner's wake-ups on SQLite.

We chose **PgQueuer** for production: it keeps jobs in PostgreSQL (no Redis or broker to run
on a closed municipal network), it speaks asyncpg — our driver already — it wakes workers with
LISTEN/NOTIFY and takes jobs with ``FOR UPDATE SKIP LOCKED``, and its heartbeats let another
worker re-pick the job of a worker that died. SAQ's PostgreSQL queue would need psycopg as a
second driver. The job's own row (``core/jobs.py``) stays the durable truth either way; a
queue only says "job #N of this kind is waiting".
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Protocol

from backend.core.app_state import StateKey
from backend.core.jobs import JobKind


class JobQueue(Protocol):
    async def enqueue(self, kind: JobKind, job_id: int) -> None: ...

    async def enqueue_all(self, jobs: Sequence[tuple[JobKind, int]]) -> None: ...


JOB_QUEUE: StateKey[JobQueue] = StateKey("job_queue")


def asyncpg_dsn(database_url: str) -> str:
    """``postgresql+asyncpg://…`` → ``postgresql://…`` for asyncpg itself."""
    return "postgresql://" + database_url.split("://", 1)[1]


class PgQueuerQueue:
    """Enqueue with PgQueuer; ``dedupe_key`` makes re-enqueueing a waiting job harmless."""

    def __init__(self, database_url: str) -> None:
        self.dsn = asyncpg_dsn(database_url)

    async def enqueue(self, kind: JobKind, job_id: int) -> None:
        await self.enqueue_all([(kind, job_id)])

    async def enqueue_all(self, jobs: Sequence[tuple[JobKind, int]]) -> None:
        if not jobs:
            return
        import asyncpg
        from pgqueuer import AsyncpgDriver, Queries

        connection = await asyncpg.connect(self.dsn)
        try:
            await Queries(AsyncpgDriver(connection)).enqueue(
                [kind.entrypoint for kind, _ in jobs],
                [str(job_id).encode() for _, job_id in jobs],
                [0] * len(jobs),
                dedupe_key=[f"{kind.name}-{job_id}" for kind, job_id in jobs],
                on_conflict="skip",
            )
        finally:
            await connection.close()


class InProcessQueue:
    """Embedded mode: the ids handed to the runner that lives in the API process, by kind."""

    def __init__(self) -> None:
        self._waiting: dict[str, dict[int, None]] = {}  # kind → ids, oldest first
        self._wake: dict[str, asyncio.Event] = {}

    def wake(self, kind: JobKind) -> asyncio.Event:
        """Set when a job of ``kind`` was enqueued since the runner last looked."""
        return self._wake.setdefault(kind.name, asyncio.Event())

    def take(self, kind: JobKind) -> int | None:
        """The oldest enqueued id of ``kind`` (None when there is none)."""
        waiting = self._waiting.get(kind.name)
        if not waiting:
            return None
        job_id = next(iter(waiting))
        del waiting[job_id]
        return job_id

    def waiting(self, kind: JobKind) -> int:
        """How many jobs of ``kind`` wait here (what counting PgQueuer's rows tells there)."""
        return len(self._waiting.get(kind.name, ()))

    async def enqueue(self, kind: JobKind, job_id: int) -> None:
        self._waiting.setdefault(kind.name, {})[job_id] = None
        self.wake(kind).set()

    async def enqueue_all(self, jobs: Sequence[tuple[JobKind, int]]) -> None:
        for kind, job_id in jobs:
            await self.enqueue(kind, job_id)


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
