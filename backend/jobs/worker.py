"""``kyoso worker``: a separate process that takes analysis jobs from PostgreSQL (PgQueuer).

Run as many as you like, on any machine that reaches the database. A worker that dies mid-run
stops sending heartbeats; PgQueuer lets another worker re-pick the job, and the stale-run
sweep below re-queues runs whose job was lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
from datetime import timedelta

from backend.analysis.runner import execute_run
from backend.analysis.similar_index import build_similar_index_logged
from backend.core.config import Settings
from backend.core.database import Database
from backend.jobs.queue import (
    ANALYSIS_ENTRYPOINT,
    SIMILAR_INDEX_ENTRYPOINT,
    PgQueuerQueue,
    asyncpg_dsn,
)
from backend.jobs.recovery import recover_stale_runs

logger = logging.getLogger("kyoso.worker")
SWEEP_EVERY = timedelta(seconds=15)
STALE_AFTER = timedelta(seconds=60)


async def _sweep(database: Database, queue: PgQueuerQueue) -> None:
    while True:
        for run_id in await recover_stale_runs(database, STALE_AFTER):
            await queue.enqueue_run(run_id)
        await asyncio.sleep(SWEEP_EVERY.total_seconds())


def heartbeat_timeout() -> timedelta:
    return timedelta(seconds=float(os.environ.get("KYOSO_WORKER_HEARTBEAT_SECONDS", "20")))


class AnalysisWorker:
    """One PgQueuer consumer of analysis jobs, plus the stale-run sweep."""

    def __init__(self, settings: Settings) -> None:
        if settings.is_sqlite:
            raise SystemExit("kyoso worker needs PostgreSQL; with SQLite the server runs "
                             "analyses itself.")
        self.settings = settings
        self.shutdown = asyncio.Event()

    def stop(self) -> None:
        self.shutdown.set()

    async def run(self, *, concurrency: int = 1) -> None:
        import asyncpg
        from pgqueuer import AsyncpgDriver, Job, Queries, QueueManager

        database = Database(self.settings)
        connection = await asyncpg.connect(asyncpg_dsn(self.settings.database_url))
        manager = QueueManager(Queries(AsyncpgDriver(connection)))

        @manager.entrypoint(ANALYSIS_ENTRYPOINT)
        async def analyse_run(job: Job) -> None:
            await execute_run(database, int((job.payload or b"0").decode()))

        @manager.entrypoint(SIMILAR_INDEX_ENTRYPOINT)
        async def build_index(job: Job) -> None:
            await build_similar_index_logged(database, int((job.payload or b"0").decode()))

        async def stop_when_asked() -> None:
            await self.shutdown.wait()
            manager.shutdown.set()

        tasks = [asyncio.create_task(_sweep(database, PgQueuerQueue(self.settings.database_url))),
                 asyncio.create_task(stop_when_asked())]
        logger.info("kyoso worker started")
        try:
            await manager.run(batch_size=concurrency, heartbeat_timeout=heartbeat_timeout(),
                              dequeue_timeout=timedelta(seconds=2))
        finally:
            for task in tasks:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await connection.close()
            await database.dispose()


async def run_worker(settings: Settings) -> None:
    """``kyoso worker``: until SIGINT or SIGTERM."""
    worker = AnalysisWorker(settings)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, worker.stop)
    await worker.run()
