"""The in-process worker of embedded (SQLite) mode: one run at a time, inside the API process."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta

from sqlalchemy import update

from backend.analysis.models import AnalysisRun
from backend.analysis.runner import execute_run
from backend.analysis.similar_index import build_similar_index_logged
from backend.core.database import Database
from backend.jobs.queue import InProcessQueue
from backend.jobs.recovery import next_queued_run

logger = logging.getLogger("kyoso.worker")


async def _requeue_interrupted(database: Database) -> None:
    """At start-up nothing is running here yet: a "running" run was cut off by a restart."""
    async with database.session(write=True) as session:
        await session.execute(update(AnalysisRun).where(AnalysisRun.status == "running").values(
            status="queued", stage="queued",
            error="The server restarted during the run; it was queued again."))


async def run_embedded_worker(database: Database, queue: InProcessQueue,
                              poll: timedelta = timedelta(seconds=5)) -> None:
    await _requeue_interrupted(database)
    while True:
        while queue.similar_indexes_wanted:
            await build_similar_index_logged(database, queue.similar_indexes_wanted.pop())
        run_id = await next_queued_run(database)
        if run_id is None:
            if queue.similar_indexes_wanted:
                continue
            queue.wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(queue.wake.wait(), poll.total_seconds())
            continue
        try:
            await execute_run(database, run_id)
        except Exception:  # keep the worker alive whatever one run does
            logger.exception("embedded worker: run %s crashed", run_id)
            await asyncio.sleep(1)
