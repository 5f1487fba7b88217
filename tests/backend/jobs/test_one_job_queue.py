"""Every kind of job rides the one queue: an export requested through the API outlives the API
process that accepted it and is finished by a worker (PostgreSQL) or by the in-process runner
at the next start (SQLite); a job whose runner went silent is queued again or failed by the
recovery sweep, never by a GET; the job metrics count every kind."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import msgspec
import pytest
from prometheus_client import REGISTRY
from sqlalchemy import text

from backend.app import close_database_clients, create_app
from backend.core.database import Database, utcnow
from backend.exports.models import ExportJob
from backend.exports.services import EXPORT
from backend.jobs.embedded import run_in_process
from backend.jobs.queue import InProcessQueue
from backend.jobs.recovery import MAX_ATTEMPTS, recover_stale_jobs
from backend.jobs.registry import job_kinds
from backend.jobs.runner import claim, execute_job
from backend.jobs.worker import JobWorker
from support import Api, make_user

PLANNER = "planner@example.jp"
POSTGRES = pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def _quick(database: Database) -> Database:
    """The same database with a 2-second staleness limit, so that sweeps come round quickly."""
    return Database(msgspec.structs.replace(database.settings, worker_heartbeat_seconds=2.0))


def _job_count(kind: str, outcome: str) -> float:
    value = REGISTRY.get_sample_value(
        "kyoso_job_duration_seconds_count", {"kind": kind, "outcome": outcome}
    )
    return value or 0.0


async def _request_export_and_stop(database: Database, process_id: int) -> int:
    """An API process (with no job runner) accepts an export, then stops."""
    app = create_app(database.settings, database=Database(database.settings))
    planner = Api(app)
    await planner.login(PLANNER)
    started = await planner.post(
        f"/api/v1/processes/{process_id}/exports", json={"format": "opendata-csv"}
    )
    assert started.status_code == 202, started.text
    await close_database_clients(app)
    await app.state.db.dispose()
    return int(started.json()["id"])


async def _finished_export(
    app: Any, job_id: int, timeout: float = 60
) -> tuple[dict[str, Any], bytes]:
    """Another API process: the job as it reads it once done, and the downloaded file."""
    planner = Api(app)
    await planner.login(PLANNER)
    deadline = time.monotonic() + timeout
    job = (await planner.get(f"/api/v1/exports/{job_id}")).json()
    while job["status"] in ("queued", "running") and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
        job = (await planner.get(f"/api/v1/exports/{job_id}")).json()
    assert job["status"] == "succeeded", job
    download = await planner.get(job["download_url"])
    assert download.status_code == 200, download.text
    return job, download.content


@contextlib.asynccontextmanager
async def _running(task: asyncio.Task[None], stop: Any) -> AsyncIterator[None]:
    try:
        yield
    finally:
        stop()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, 30)


async def _queued_job(database: Database, process_id: int, **values: Any) -> int:
    async with database.session(write=True) as session:
        job = ExportJob(process_id=process_id, format="opendata-csv", params={}, **values)
        session.add(job)
        await session.flush()
        return job.id


async def _row(database: Database, job_id: int) -> ExportJob:
    async with database.session(write=False) as session:
        job = await session.get(ExportJob, job_id)
        assert job is not None
        return job


@POSTGRES
async def test_an_export_requested_before_the_api_stopped_is_finished_by_kyoso_worker(
    database: Database, process_id: int
) -> None:
    await make_user(database, PLANNER, "planner")
    job_id = await _request_export_and_stop(database, process_id)
    assert (await _row(database, job_id)).status == "queued"  # nobody ran it

    worker = JobWorker(database.settings, job_kinds())
    async with _running(asyncio.create_task(worker.run()), worker.stop):
        app = create_app(database.settings, database=database)
        job, content = await _finished_export(app, job_id)
        await close_database_clients(app)
    assert job["size"] == len(content) and content.startswith(b"PK")  # a zip of CSV tables
    assert (await _row(database, job_id)).attempts == 1


@POSTGRES
async def test_an_export_whose_place_in_the_queue_was_lost_is_found_by_the_sweep(
    database: Database, process_id: int
) -> None:
    await make_user(database, PLANNER, "planner")
    job_id = await _request_export_and_stop(database, process_id)
    async with database.session(write=True) as session:  # the API died before enqueueing
        await session.execute(text("DELETE FROM pgqueuer"))

    quick = msgspec.structs.replace(database.settings, worker_heartbeat_seconds=2.0)
    worker = JobWorker(quick, job_kinds())
    async with _running(asyncio.create_task(worker.run()), worker.stop):
        app = create_app(database.settings, database=database)
        await _finished_export(app, job_id)
        await close_database_clients(app)


@SQLITE
async def test_the_in_process_runner_finishes_an_export_left_by_a_stopped_app_at_the_next_start(
    database: Database, process_id: int
) -> None:
    await make_user(database, PLANNER, "planner")
    job_id = await _request_export_and_stop(database, process_id)
    assert (await _row(database, job_id)).status == "queued"
    exports_before = _job_count("export", "succeeded")

    app = create_app(database.settings, database=database)  # the next start
    runner = asyncio.create_task(run_in_process(database, app.state.job_queue, job_kinds()))
    async with _running(runner, runner.cancel):
        await _finished_export(app, job_id)
    await close_database_clients(app)
    assert _job_count("export", "succeeded") == exports_before + 1


async def test_reading_a_stale_export_changes_nothing_the_sweep_queues_it_again(
    database: Database, process_id: int, planner: Api
) -> None:
    long_ago = utcnow() - timedelta(hours=1)
    job_id = await _queued_job(
        database,
        process_id,
        status="running",
        attempts=1,
        created_at=long_ago,
        heartbeat_at=long_ago,
    )
    seen = (await planner.get(f"/api/v1/exports/{job_id}")).json()
    assert (seen["status"], seen["error"]) == ("running", None)
    assert (await _row(database, job_id)).status == "running"

    assert (EXPORT, job_id) in await recover_stale_jobs(database, job_kinds())
    job = await _row(database, job_id)
    assert (job.status, job.attempts) == ("queued", 1)
    assert "stopped responding" in (job.error or "")


async def test_the_sweep_fails_an_export_whose_runner_died_on_every_attempt(
    database: Database, process_id: int, planner: Api
) -> None:
    long_ago = utcnow() - timedelta(hours=1)
    job_id = await _queued_job(
        database,
        process_id,
        status="running",
        attempts=MAX_ATTEMPTS,
        created_at=long_ago,
        heartbeat_at=long_ago,
    )
    assert (EXPORT, job_id) not in await recover_stale_jobs(database, job_kinds())
    seen = (await planner.get(f"/api/v1/exports/{job_id}")).json()
    assert seen["status"] == "failed" and f"{MAX_ATTEMPTS} times" in seen["error"]


async def test_a_job_with_a_fresh_heartbeat_is_not_taken_by_a_second_runner(
    database: Database, process_id: int
) -> None:
    quick = _quick(database)
    job_id = await _queued_job(database, process_id)
    assert await claim(quick, ExportJob, job_id)
    assert not await claim(quick, ExportJob, job_id)  # its runner is alive
    assert await recover_stale_jobs(quick, job_kinds()) == []
    await asyncio.sleep(2.1)  # no heartbeat for longer than the limit: abandoned
    assert await claim(quick, ExportJob, job_id)
    assert (await _row(database, job_id)).attempts == 2
    await quick.dispose()


async def test_a_failed_export_says_why_and_counts_as_a_failure_of_its_kind(
    database: Database, process_id: int
) -> None:
    failures_before = _job_count("export", "failed")
    job_id = await _queued_job(database, process_id)
    async with database.session(write=True) as session:
        job = await session.get(ExportJob, job_id)
        assert job is not None
        job.params = {"draft_id": 987654}  # gone since the request
    await execute_job(database, EXPORT, job_id)
    job = await _row(database, job_id)
    assert (job.status, job.stage) == ("failed", "failed")
    assert "987654" in (job.error or "")
    assert _job_count("export", "failed") == failures_before + 1


async def test_the_in_process_queue_hands_out_each_kind_s_jobs_oldest_first() -> None:
    queue = InProcessQueue()
    await queue.enqueue_all([(EXPORT, 3), (job_kinds()["analysis"], 1), (EXPORT, 2), (EXPORT, 3)])
    assert queue.wake(EXPORT).is_set() and queue.waiting(EXPORT) == 2
    assert [queue.take(EXPORT), queue.take(EXPORT), queue.take(EXPORT)] == [3, 2, None]
    assert queue.take(job_kinds()["analysis"]) == 1
