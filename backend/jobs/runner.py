"""Running one job of any kind: claim its row, beat while the handler works, record the end.

The same function runs in ``kyoso worker`` (PgQueuer hands it the job) and in the in-process
runner of embedded mode, so every kind gets the same contract: a claim is one conditional
``UPDATE`` (two runners never both take a job), ``attempts`` counts the claims, the heartbeat
tells the recovery sweep (``recovery.py``) that the runner is alive, and the duration and
outcome go to the job metrics (``core/metrics.py``) under the kind's name.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, func, or_, update

from backend.core.config import Settings
from backend.core.database import Database, utcnow
from backend.core.jobs import JobCancelled, JobColumns, JobKind
from backend.core.metrics import timed_job

logger = logging.getLogger("kyoso.jobs")
BEATS_PER_STALE_PERIOD = 4  # a live job's heartbeat is never older than a quarter of the limit


def stale_after(settings: Settings) -> timedelta:
    """How long a running job may go without a heartbeat before it counts as abandoned
    (``KYOSO_WORKER_HEARTBEAT_SECONDS``; PgQueuer re-picks its own jobs on the same limit)."""
    return timedelta(seconds=settings.worker_heartbeat_seconds)


def abandoned(table: type[JobColumns], cutoff: datetime) -> ColumnElement[bool]:
    """Running, with no heartbeat since ``cutoff`` (a row from before heartbeats: since it
    was created)."""
    return and_(
        table.status == "running", func.coalesce(table.heartbeat_at, table.created_at) < cutoff
    )


async def claim(database: Database, table: type[JobColumns], job_id: int) -> bool:
    """Take a queued job, or an abandoned running one, for this runner."""
    now = utcnow()
    cutoff = now - stale_after(database.settings)
    async with database.session(write=True) as session:
        taken = await session.execute(
            update(table)
            .where(table.id == job_id, or_(table.status == "queued", abandoned(table, cutoff)))
            .values(
                status="running",
                attempts=table.attempts + 1,
                error=None,
                started_at=now,
                heartbeat_at=now,
            )
        )
        return bool(getattr(taken, "rowcount", 0))


async def _beat(database: Database, table: type[JobColumns], job_id: int) -> None:
    async with database.session(write=True) as session:
        await session.execute(
            update(table)
            .where(table.id == job_id, table.status == "running")
            .values(heartbeat_at=utcnow())
        )


async def _heartbeat(database: Database, table: type[JobColumns], job_id: int) -> None:
    every = stale_after(database.settings).total_seconds() / BEATS_PER_STALE_PERIOD
    while True:
        await asyncio.sleep(every)
        try:
            await _beat(database, table, job_id)
        except Exception as error:  # a missed beat is not the job's failure
            logger.warning("heartbeat of job %s missed: %s", job_id, error)


async def _finish(
    database: Database, table: type[JobColumns], job_id: int, status: str, error: str | None
) -> None:
    async with database.session(write=True) as session:
        await session.execute(
            update(table)
            .where(table.id == job_id, table.status == "running")
            .values(status=status, stage=status, error=error, finished_at=utcnow())
        )


def failure_reason(error: Exception) -> str:
    """What the job row says about a failure: a domain error's sentence, else the exception."""
    return getattr(error, "detail", None) or f"{type(error).__name__}: {error}"


async def execute_job(database: Database, kind: JobKind, job_id: int) -> None:
    """Run job ``job_id`` of ``kind`` to its end, unless another runner has it or it is over."""
    if kind.table is None:
        with timed_job(kind.name) as timing:
            try:
                await kind.run(database, job_id)
            except Exception:  # the caller asks again; the runner goes on
                logger.exception("%s job %s failed", kind.name, job_id)
                timing["outcome"] = "failed"
        return
    table = kind.table
    if not await claim(database, table, job_id):
        return
    with timed_job(kind.name) as timing:
        beating = asyncio.create_task(_heartbeat(database, table, job_id))
        try:
            await kind.run(database, job_id)
        except JobCancelled:
            timing["outcome"] = "cancelled"
            await _finish(database, table, job_id, "cancelled", None)
        except Exception as error:  # the row records why; the runner goes on
            logger.exception("%s job %s failed", kind.name, job_id)
            timing["outcome"] = "failed"
            await _finish(database, table, job_id, "failed", failure_reason(error))
        finally:
            beating.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await beating
