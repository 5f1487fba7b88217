"""The compose layout without Docker: two API processes (``kyoso serve``) and two job workers
(``kyoso worker``) on one PostgreSQL database. Both API processes answer, a run started through
one is taken by a worker and followed through the other, and an API process that never loaded
a model stays small."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
import requests
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from backend.core.config import normalise_database_url

REPO = Path(__file__).resolve().parents[2]
ADMIN_URL = os.environ.get(
    "KYOSO_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
API_RSS_LIMIT = 250 * 1024 * 1024
RESIDENT, PLANNER = "kyoso-demo-resident", "kyoso-demo-planner"  # demo data only

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _database(action: str, name: str) -> None:
    engine = create_async_engine(normalise_database_url(ADMIN_URL), isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            if action == "create":
                await connection.execute(text(f'CREATE DATABASE "{name}"'))
            else:
                await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        await engine.dispose()


def _session(base: str, email: str, password: str = RESIDENT) -> requests.Session:
    session = requests.Session()
    session.get(f"{base}/api/v1/districts", timeout=10)
    session.headers["x-csrftoken"] = session.cookies["csrftoken"]
    response = session.post(
        f"{base}/api/v1/auth/login", json={"email": email, "password": password}, timeout=10
    )
    assert response.status_code == 200, response.text
    session.headers["x-csrftoken"] = session.cookies["csrftoken"]  # signing in renews it
    return session


@pytest.fixture(scope="module")
def layout(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    name = f"kyoso_layout_{uuid.uuid4().hex[:8]}"
    try:
        asyncio.run(_database("create", name))
    except Exception as exc:
        if os.environ.get("KYOSO_REQUIRE_POSTGRES") == "1":
            raise
        pytest.skip(f"PostgreSQL is not reachable: {exc}")
    url = ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    data_dir = tmp_path_factory.mktemp("layout")
    env = {
        **os.environ,
        "KYOSO_DATABASE_URL": url,
        "KYOSO_DATA_DIR": str(data_dir),
        "KYOSO_SECRET_KEY": "layout-secret-shared-by-every-api-process",
        "KYOSO_WORKER_MODE": "queue",
        "KYOSO_RATE_LIMITS": "off",
        "KYOSO_WORKER_HEARTBEAT_SECONDS": "3",
    }
    subprocess.run(
        [sys.executable, "-m", "backend", "migrate"],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    subprocess.run(
        [sys.executable, "-m", "backend", "seed"],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )  # the demo city: 150+ proposals, votes
    ports = [_free_port(), _free_port()]
    logs = []
    processes: list[subprocess.Popen[bytes]] = []
    commands = [["serve", "--port", str(port), "--no-access-log"] for port in ports]
    commands += [["worker"], ["worker"]]
    for n, command in enumerate(commands):
        log = open(data_dir / f"process-{n}.log", "wb")  # noqa: SIM115
        logs.append(log)
        processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "backend", *command],
                cwd=REPO,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    deadline = time.monotonic() + 90
    for base in bases:
        while True:
            try:
                if requests.get(f"{base}/ready", timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, (data_dir / "process-0.log").read_text()
            time.sleep(0.3)
    yield {"bases": bases, "processes": processes, "data_dir": data_dir}
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
    for log in logs:
        log.close()
    asyncio.run(_database("drop", name))


def _main_process(base: str) -> int:
    processes = requests.get(f"{base}/api/v1/processes", timeout=10).json()
    items = processes["items"] if isinstance(processes, dict) else processes
    return next(p["id"] for p in items if p["slug"] == "midori-vision-2035")


def test_both_api_processes_answer_and_share_sessions(layout: dict[str, object]) -> None:
    first, second = layout["bases"]  # type: ignore[misc]
    for base in (first, second):
        ready = requests.get(f"{base}/ready", timeout=5).json()
        assert ready == {"status": "ready", "database": "postgresql"}
    pid = _main_process(first)
    proposal = requests.get(f"{first}/api/v1/processes/{pid}/proposals", timeout=10)
    proposal_id = proposal.json()["items"][0]["id"]
    resident = _session(first, "resident@example.jp")
    voted = resident.put(
        f"{first}/api/v1/proposals/{proposal_id}/vote", json={"value": "agree"}, timeout=10
    )
    assert voted.status_code == 200, voted.text
    # the same cookie and CSRF token work on the other process (shared secret, shared sessions)
    me = resident.get(f"{second}/api/v1/auth/me", timeout=10)
    assert me.json()["email"] == "resident@example.jp"
    changed = resident.put(
        f"{second}/api/v1/proposals/{proposal_id}/vote", json={"value": "pass"}, timeout=10
    )
    assert changed.status_code == 200, changed.text
    detail = requests.get(f"{first}/api/v1/proposals/{proposal_id}", timeout=10).json()
    assert sum(detail["tally"].values()) >= 1, detail["tally"]


def test_an_analysis_started_on_one_api_process_is_done_by_a_worker(
    layout: dict[str, object],
) -> None:
    first, second = layout["bases"]  # type: ignore[misc]
    pid = _main_process(first)
    planner = _session(first, "planner@example.jp", PLANNER)
    run = planner.post(
        f"{first}/api/v1/processes/{pid}/analysis-runs",
        json={"backend": "tfidf", "seed": 1},
        timeout=10,
    )
    assert run.status_code == 201, run.text
    follower = _session(second, "planner@example.jp", PLANNER)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        state = follower.get(f"{second}/api/v1/analysis-runs/{run.json()['id']}", timeout=10)
        if state.json()["status"] in ("succeeded", "failed", "cancelled"):
            break
        time.sleep(0.5)
    assert state.json()["status"] == "succeeded", state.json()
    themes = follower.get(f"{second}/api/v1/analysis-runs/{run.json()['id']}/themes", timeout=10)
    assert themes.status_code == 200 and themes.json()["themes"]
    processes: list[subprocess.Popen[bytes]] = layout["processes"]  # type: ignore[assignment]
    assert all(p.poll() is None for p in processes), "a process of the layout died"


def test_an_api_process_without_ml_stays_under_250_mb(layout: dict[str, object]) -> None:
    first, _ = layout["bases"]  # type: ignore[misc]
    for _ in range(50):
        requests.get(
            f"{first}/api/v1/processes/{_main_process(first)}/proposals?limit=100", timeout=10
        )
    processes: list[subprocess.Popen[bytes]] = layout["processes"]  # type: ignore[assignment]
    for api in processes[:2]:
        rss = psutil.Process(api.pid).memory_info().rss
        assert rss < API_RSS_LIMIT, f"API process uses {rss / 2**20:.0f} MB"
