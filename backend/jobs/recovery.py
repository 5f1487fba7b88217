"""The recovery sweep: no job of any kind is left "running" after its runner died, nor
"queued" after its place in the queue was lost.

A running job whose heartbeat is older than ``KYOSO_WORKER_HEARTBEAT_SECONDS`` is queued again,
or failed once it has been claimed ``MAX_ATTEMPTS`` times (a job that kills its runner every
time must not take down every worker in turn). A queued job older than that limit is handed to
the queue again (an API process that stopped between committing the row and enqueueing it);
PgQueuer's dedupe key makes that harmless when the job is in fact waiting. Every runner (each
``kyoso worker``, the in-process runner) sweeps; the updates are idempotent.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from sqlalchemy import select

from backend.core.database import Database, utcnow
from backend.core.jobs import JobColumns, JobKind, JobKinds
from backend.jobs.queue import JobQueue
from backend.jobs.runner import abandoned, stale_after

logger = logging.getLogger("kyoso.jobs")
MAX_ATTEMPTS = 3


async def _recover(database: Database, table: type[JobColumns], limit: timedelta) -> list[int]:
    cutoff = utcnow() - limit
    # looked for in a read first: on SQLite a write transaction every sweep would take the
    # write lock from the requests for nothing
    async with database.session(write=False) as session:
        stale = list(
            (await session.execute(select(table.id).where(abandoned(table, cutoff)))).scalars()
        )
        lost = list(
            (
                await session.execute(
                    select(table.id).where(table.status == "queued", table.created_at < cutoff)
                )
            ).scalars()
        )
    if not stale:
        return lost
    waiting: list[int] = []
    async with database.session(write=True) as session:
        for job in (
            await session.execute(
                select(table).where(table.id.in_(stale), abandoned(table, cutoff))
            )
        ).scalars():
            if job.attempts >= MAX_ATTEMPTS:
                job.status, job.stage, job.finished_at = "failed", "failed", utcnow()
                job.error = (
                    f"The worker stopped responding {job.attempts} times. "
                    "Start it again when the workers are healthy."
                )
            else:
                job.status, job.stage = "queued", "queued"
                job.error = "The worker stopped responding; the job was queued again."
                waiting.append(job.id)
    return waiting + lost


async def recover_stale_jobs(database: Database, kinds: JobKinds) -> list[tuple[JobKind, int]]:
    """One sweep over every kind with rows; returns the jobs waiting again, to enqueue."""
    limit = stale_after(database.settings)
    waiting: list[tuple[JobKind, int]] = []
    for kind in kinds.values():
        if kind.table is not None:
            waiting.extend((kind, i) for i in await _recover(database, kind.table, limit))
    return waiting


async def sweep_forever(database: Database, queue: JobQueue, kinds: JobKinds) -> None:
    """A sweep every half staleness limit, whatever one sweep meets (a database outage…)."""
    every = stale_after(database.settings).total_seconds() / 2
    while True:
        try:
            await queue.enqueue_all(await recover_stale_jobs(database, kinds))
        except Exception as error:
            logger.warning("job recovery sweep skipped: %s: %s", type(error).__name__, error)
        await asyncio.sleep(every)
