"""``kyoso worker``: a separate process that takes analysis jobs from PostgreSQL (PgQueuer)
and sends the outbox's e-mail (backend/mail/sender.py).

Run as many as you like, on any machine that reaches the database. A worker that dies mid-run
stops sending heartbeats; PgQueuer lets another worker re-pick the job, and the stale-run
sweep below re-queues runs whose job was lost. A database outage (a restart, lost connections)
does not end the worker: it logs one line, waits with back-off and connects again.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import signal
from collections.abc import Iterator
from datetime import timedelta

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

# every table registered, so that foreign keys resolve (the API process has them from its
# features; runner.py cannot import them: a feature's controllers import the runner)
import backend.models  # noqa: F401
from backend.analysis.runner import execute_run
from backend.analysis.similar_index import build_similar_index_logged
from backend.core.config import Settings
from backend.core.database import Database
from backend.core.fastpath import UNAVAILABLE
from backend.jobs.queue import (
    ANALYSIS_ENTRYPOINT,
    SIMILAR_INDEX_ENTRYPOINT,
    PgQueuerQueue,
    asyncpg_dsn,
)
from backend.jobs.recovery import recover_stale_runs
from backend.mail.sender import run_mail_sender

logger = logging.getLogger("kyoso.worker")
SWEEP_EVERY = timedelta(seconds=15)
STALE_AFTER = timedelta(seconds=60)
RECONNECT_DELAYS = (1.0, 2.0, 4.0, 8.0, 15.0, 30.0)  # seconds; the last one repeats


def database_unavailable(error: BaseException) -> bool:
    """The database cannot serve us right now (an outage, a restart, a closed connection)."""
    if isinstance(error, DBAPIError) and (
        error.connection_invalidated or isinstance(error, OperationalError | InterfaceError)
    ):
        return True
    cause: BaseException | None = error
    for _ in range(8):  # SQLAlchemy wraps the driver's error (a few levels, never a cycle)
        if cause is None:
            break
        if isinstance(cause, UNAVAILABLE):
            return True
        cause = cause.__cause__ or getattr(cause, "orig", None)
    return False


def _reconnect_delays() -> Iterator[float]:
    return itertools.chain(RECONNECT_DELAYS, itertools.repeat(RECONNECT_DELAYS[-1]))


async def _sweep(database: Database, queue: PgQueuerQueue) -> None:
    while True:
        try:
            for run_id in await recover_stale_runs(database, STALE_AFTER):
                await queue.enqueue_run(run_id)
        except Exception as error:
            if not database_unavailable(error):
                raise
            logger.warning("stale-run sweep skipped, the database is unavailable: %s", error)
        await asyncio.sleep(SWEEP_EVERY.total_seconds())


class AnalysisWorker:
    """One PgQueuer consumer of analysis jobs, plus the stale-run sweep."""

    def __init__(self, settings: Settings) -> None:
        if settings.is_sqlite:
            raise SystemExit("kyoso worker needs PostgreSQL; with SQLite the server runs "
                             "analyses itself.")
        self.settings = settings
        self.shutdown = asyncio.Event()
        self.connected = False

    def stop(self) -> None:
        self.shutdown.set()

    async def run_until_stopped(self, *, concurrency: int = 1) -> None:
        """``run``, started again after each database outage, until ``stop``."""
        delays = _reconnect_delays()
        while not self.shutdown.is_set():
            self.connected = False
            try:
                await self.run(concurrency=concurrency)
                return
            except Exception as error:
                if not database_unavailable(error):
                    raise
                if self.connected:  # it had been working: the outage starts now
                    delays = _reconnect_delays()
                delay = next(delays)
                logger.warning("the database is unavailable (%s: %s); connecting again in %.0f s",
                               type(error).__name__, error, delay)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.shutdown.wait(), delay)

    async def run(self, *, concurrency: int = 1) -> None:
        import asyncpg
        from pgqueuer import AsyncpgDriver, Job, Queries, QueueManager

        database = Database(self.settings)
        try:
            connection = await asyncpg.connect(asyncpg_dsn(self.settings.database_url))
        except BaseException:
            await database.dispose()
            raise
        self.connected = True
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
                 asyncio.create_task(stop_when_asked()),
                 asyncio.create_task(run_mail_sender(database, self.settings))]
        logger.info("kyoso worker started")
        try:
            heartbeat = timedelta(seconds=self.settings.worker_heartbeat_seconds)
            await manager.run(batch_size=concurrency, heartbeat_timeout=heartbeat,
                              dequeue_timeout=timedelta(seconds=2))
        finally:
            for task in tasks:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await connection.close()  # a no-op when the server already closed it
            await database.dispose()


async def run_worker(settings: Settings) -> None:
    """``kyoso worker``: until SIGINT or SIGTERM."""
    worker = AnalysisWorker(settings)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, worker.stop)
    await worker.run_until_stopped()
