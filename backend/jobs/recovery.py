"""Runs whose worker died are never left "running": they are queued again or failed."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from backend.analysis.models import AnalysisRun
from backend.core.database import Database, utcnow

MAX_ATTEMPTS = 3


async def recover_stale_runs(database: Database, stale_after: timedelta) -> list[int]:
    """Queue again each run whose heartbeat stopped (or fail it after ``MAX_ATTEMPTS``).

    Returns the ids of the runs that are waiting again, for the caller to enqueue.
    """
    requeued: list[int] = []
    cutoff = utcnow() - stale_after
    async with database.session(write=True) as session:
        runs = (await session.execute(select(AnalysisRun).where(
            AnalysisRun.status == "running", AnalysisRun.heartbeat_at < cutoff))).scalars()
        for run in runs:
            if run.attempts >= MAX_ATTEMPTS:
                run.status, run.stage, run.finished_at = "failed", "failed", utcnow()
                run.error = (f"The worker stopped responding {run.attempts} times. "
                             "Start a retry when the workers are healthy.")
            else:
                run.status, run.stage = "queued", "queued"
                run.error = "The worker stopped responding; the run was queued again."
                requeued.append(run.id)
        waiting = (await session.execute(select(AnalysisRun.id).where(
            AnalysisRun.status == "queued", AnalysisRun.created_at < cutoff))).scalars()
        requeued.extend(i for i in waiting if i not in requeued)
    return requeued


async def next_queued_run(database: Database) -> int | None:
    async with database.session(write=False) as session:
        return (await session.execute(
            select(AnalysisRun.id).where(AnalysisRun.status == "queued")
            .order_by(AnalysisRun.id).limit(1))).scalar_one_or_none()
