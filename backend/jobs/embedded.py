"""The in-process runner of embedded (SQLite) mode: jobs run inside the API process.

One lane per kind, each taking one job at a time, so a long analysis never holds up an export
(they ran side by side before the queue was one, and still do). A lane takes what was enqueued
in this process first, then any queued row of its kind: a job left by an app that stopped
before running it starts at the next start. The recovery sweep and the background loops (the
mail sender) run beside the lanes, as in ``kyoso worker``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import select

from backend.core.database import Database
from backend.core.jobs import BackgroundLoop, JobKind, JobKinds
from backend.jobs.queue import InProcessQueue
from backend.jobs.recovery import sweep_forever
from backend.jobs.runner import execute_job

logger = logging.getLogger("kyoso.jobs")
POLL = timedelta(seconds=5)


async def next_queued_job(database: Database, kind: JobKind) -> int | None:
    """The oldest queued row of ``kind`` (None for a kind without rows)."""
    if kind.table is None:
        return None
    table = kind.table
    async with database.session(write=False) as session:
        return (
            await session.execute(
                select(table.id).where(table.status == "queued").order_by(table.id).limit(1)
            )
        ).scalar_one_or_none()


async def _lane(database: Database, queue: InProcessQueue, kind: JobKind) -> None:
    while True:
        wake = queue.wake(kind)
        wake.clear()
        try:
            job_id = queue.take(kind) or await next_queued_job(database, kind)
            if job_id is not None:
                await execute_job(database, kind, job_id)
                continue
        except Exception:  # keep the lane alive whatever one job or one poll does
            logger.exception("in-process runner: a %s job crashed", kind.name)
            await asyncio.sleep(1)
            continue
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(wake.wait(), POLL.total_seconds())


async def run_in_process(
    database: Database, queue: InProcessQueue, kinds: JobKinds, loops: Sequence[BackgroundLoop] = ()
) -> None:
    """Until cancelled: a lane per kind, the recovery sweep and ``loops``."""
    async with asyncio.TaskGroup() as group:
        for kind in kinds.values():
            group.create_task(_lane(database, queue, kind))
        group.create_task(sweep_forever(database, queue, kinds))
        for loop in loops:
            group.create_task(loop(database, database.settings))
