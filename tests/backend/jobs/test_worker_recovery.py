"""A worker killed mid-run (a real separate ``kyoso worker`` process on PostgreSQL) leaves a
run that another worker completes; a run is never stuck "running"."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from typing import Any

import pytest

from support import wait_for_run

pytestmark = pytest.mark.parametrize("database_url", ["postgres"], indirect=True)


def _start_worker(database_url: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "KYOSO_DATABASE_URL": database_url, "KYOSO_WORKER_HEARTBEAT_SECONDS": "3"}
    return subprocess.Popen(
        [sys.executable, "-m", "backend", "worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def test_a_killed_worker_leaves_a_run_that_another_worker_completes(
    demo: dict[str, Any], database_url: str
) -> None:
    planner, pid = demo["planner"], demo["process_id"]
    first = _start_worker(database_url)
    second = None
    try:
        run = (
            await planner.post(
                f"/api/v1/processes/{pid}/analysis-runs", json={"backend": "tfidf", "seed": 3}
            )
        ).json()
        deadline = time.monotonic() + 60
        status = "queued"
        while status == "queued" and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
            status = (await planner.get(f"/api/v1/analysis-runs/{run['id']}")).json()["status"]
        assert status == "running", "the first worker never took the run"
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        await asyncio.sleep(1)
        orphan = (await planner.get(f"/api/v1/analysis-runs/{run['id']}")).json()
        assert orphan["status"] == "running"  # nobody is working on it any more

        second = _start_worker(database_url)
        done, _ = await wait_for_run(planner, run["id"], timeout=120)
        assert done["status"] == "succeeded", done["error"]
        assert done["attempts"] == 2
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(10)
