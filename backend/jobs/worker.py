"""``kyoso worker``: a separate process that takes jobs of every kind from PostgreSQL
(PgQueuer) and runs the background loops (the outbox's e-mail, backend/mail/sender.py).

Run as many as you like, on any machine that reaches the database. A worker that dies mid-job
stops its heartbeats; PgQueuer lets another worker re-pick the job, and the recovery sweep
(``recovery.py``) re-queues jobs whose heartbeat went stale or whose place in the queue was
lost. A database outage (a restart, lost connections) does not end the worker: it logs one
line, waits with back-off and connects again.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import signal
from collections.abc import Awaitable, Callable, Iterator, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

# every table registered, so that foreign keys resolve (the API process has them from its
# features; a job's handler cannot import them: a feature's controllers import the runner)
import backend.models  # noqa: F401
from backend.core.config import Settings
from backend.core.database import Database
from backend.core.fastpath import UNAVAILABLE
from backend.core.jobs import BackgroundLoop, JobKind, JobKinds
from backend.jobs.queue import PgQueuerQueue, asyncpg_dsn
from backend.jobs.recovery import sweep_forever
from backend.jobs.runner import execute_job, stale_after

if TYPE_CHECKING:
    from pgqueuer import Job

logger = logging.getLogger("kyoso.worker")
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


class JobWorker:
    """One PgQueuer consumer of every job kind, the recovery sweep and the background loops."""

    def __init__(
        self, settings: Settings, kinds: JobKinds, loops: Sequence[BackgroundLoop] = ()
    ) -> None:
        if settings.is_sqlite:
            raise SystemExit(
                "kyoso worker needs PostgreSQL; with SQLite the server runs the jobs itself."
            )
        self.settings, self.kinds, self.loops = settings, kinds, loops
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
                logger.warning(
                    "the database is unavailable (%s: %s); connecting again in %.0f s",
                    type(error).__name__,
                    error,
                    delay,
                )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.shutdown.wait(), delay)

    async def run(self, *, concurrency: int = 1) -> None:
        import asyncpg
        from pgqueuer import AsyncpgDriver, Queries, QueueManager

        database = Database(self.settings)
        try:
            connection = await asyncpg.connect(asyncpg_dsn(self.settings.database_url))
        except BaseException:
            await database.dispose()
            raise
        self.connected = True
        manager = QueueManager(Queries(AsyncpgDriver(connection)))
        for kind in self.kinds.values():
            manager.entrypoint(kind.entrypoint)(_handler(database, kind))

        async def stop_when_asked() -> None:
            await self.shutdown.wait()
            manager.shutdown.set()

        queue = PgQueuerQueue(self.settings.database_url)
        tasks = [
            asyncio.create_task(sweep_forever(database, queue, self.kinds)),
            asyncio.create_task(stop_when_asked()),
            *(asyncio.create_task(loop(database, self.settings)) for loop in self.loops),
        ]
        logger.info("kyoso worker started: %s", ", ".join(self.kinds))
        try:
            await manager.run(
                batch_size=concurrency,
                heartbeat_timeout=stale_after(self.settings),
                dequeue_timeout=timedelta(seconds=2),
            )
        finally:
            for task in tasks:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await connection.close()  # a no-op when the server already closed it
            await database.dispose()


def _handler(database: Database, kind: JobKind) -> Callable[[Job], Awaitable[None]]:
    async def handle(job: Job) -> None:
        await execute_job(database, kind, int((job.payload or b"0").decode()))

    return handle


async def run_worker(
    settings: Settings, kinds: JobKinds, loops: Sequence[BackgroundLoop] = ()
) -> None:
    """``kyoso worker``: until SIGINT or SIGTERM."""
    worker = JobWorker(settings, kinds, loops)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, worker.stop)
    await worker.run_until_stopped()
