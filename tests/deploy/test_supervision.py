"""Supervision on PostgreSQL: a killed API worker is replaced while the other keeps serving,
connections the database closed are replaced without failing a request, ``kyoso worker``
outlives the loss of its connections and takes the next job, and refused requests leave no
"aclose(): asynchronous generator is already running" in the server's log."""

from __future__ import annotations

import contextlib
import signal
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import psutil
import pytest
import requests
from processes import PLANNER, Deployment, deployment, signed_in, terminate_connections

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    with deployment(tmp_path_factory, "kyoso_supervision") as deployed:
        deployed.serve("--workers", "2")
        deployed.start("worker")
        yield deployed


def _api_workers(served: Deployment) -> list[psutil.Process]:
    return [
        child
        for child in psutil.Process(served.processes[0].pid).children()
        if child.is_running() and child.status() != psutil.STATUS_ZOMBIE
    ]


def _process_id(base: str) -> int:
    listed = requests.get(f"{base}/api/v1/processes", timeout=10).json()
    items = listed["items"] if isinstance(listed, dict) else listed
    return int(next(p["id"] for p in items if p["slug"] == "midori-vision-2035"))


def _a_proposal(base: str) -> int:
    proposals = requests.get(
        f"{base}/api/v1/processes/{_process_id(base)}/proposals", timeout=10
    ).json()
    return int(proposals["items"][0]["id"])


def test_requests_after_the_database_closed_every_connection_all_succeed(
    served: Deployment,
) -> None:
    base = served.bases[0]
    resident = signed_in(base, "resident@example.jp")
    proposal = _a_proposal(base)
    for _ in range(6):  # every API worker has pooled connections, as an idle server has
        assert resident.get(f"{base}/api/v1/auth/me", timeout=10).status_code == 200
        assert (
            resident.put(
                f"{base}/api/v1/proposals/{proposal}/vote", json={"value": "agree"}, timeout=10
            ).status_code
            == 200
        )
    assert terminate_connections(served.name) > 0
    time.sleep(0.5)
    answers = []
    for value in ("pass", "agree", "disagree", "pass", "agree", "disagree"):
        answers.append(resident.get(f"{base}/api/v1/auth/me", timeout=30).status_code)
        answers.append(resident.get(f"{base}/api/v1/proposals/{proposal}", timeout=30).status_code)
        answers.append(
            resident.put(
                f"{base}/api/v1/proposals/{proposal}/vote", json={"value": value}, timeout=30
            ).status_code
        )
    assert answers == [200] * len(answers)


def test_the_job_worker_outlives_its_lost_connections_and_takes_the_next_job(
    served: Deployment,
) -> None:
    base = served.bases[0]
    worker = served.processes[1]
    time.sleep(2)  # the worker is idle, waiting for jobs
    assert terminate_connections(served.name) > 0
    time.sleep(3)
    assert worker.poll() is None, served.logs[1].read_text()
    planner = signed_in(base, "planner@example.jp", PLANNER)
    run = planner.post(
        f"{base}/api/v1/processes/{_process_id(base)}/analysis-runs",
        json={"backend": "tfidf", "seed": 1},
        timeout=10,
    )
    assert run.status_code == 201, run.text
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        state = planner.get(f"{base}/api/v1/analysis-runs/{run.json()['id']}", timeout=10).json()
        if state["status"] in ("succeeded", "failed", "cancelled"):
            break
        time.sleep(0.5)
    assert state["status"] == "succeeded", (state, served.logs[1].read_text()[-3000:])
    assert worker.poll() is None


def test_a_killed_api_worker_is_replaced_while_the_other_keeps_serving(
    served: Deployment,
) -> None:
    base = served.bases[0]
    before = _api_workers(served)
    assert len(before) == 2
    before[0].send_signal(signal.SIGKILL)
    with contextlib.suppress(psutil.NoSuchProcess):  # its own connections die with it
        before[0].wait(5)
    answered, deadline = 0, time.monotonic() + 30
    while time.monotonic() < deadline:
        response = requests.get(f"{base}/api/v1/districts", timeout=10)
        assert response.status_code == 200
        answered += 1
        pids = {worker.pid for worker in _api_workers(served)}
        if len(pids) == 2 and before[0].pid not in pids:
            break
        time.sleep(0.2)
    assert served.processes[0].poll() is None, served.logs[0].read_text()
    assert len(pids) == 2 and before[0].pid not in pids, served.logs[0].read_text()
    assert answered > 0


def test_refused_requests_under_concurrency_leave_no_aclose_errors_in_the_log(
    served: Deployment,
) -> None:
    base = served.bases[0]
    with ThreadPoolExecutor(16) as pool:
        answers = list(
            pool.map(
                lambda _: requests.get(f"{base}/api/v1/auth/me", timeout=30).status_code, range(200)
            )
        )
    assert set(answers) == {401}
    time.sleep(1)
    assert "already running" not in served.logs[0].read_text()


def test_stopping_the_server_while_a_worker_restarts_ends_every_process(
    served: Deployment,
) -> None:
    """Last: it stops the server. A worker asked to stop while still starting never answered,
    and granian's shutdown waited for it forever, holding the port."""
    server = served.processes[0]
    victim = _api_workers(served)[0]
    victim.send_signal(signal.SIGKILL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        workers = [w for w in _api_workers(served) if w.pid != victim.pid]
        if len(workers) == 2:
            break  # the replacement is starting
        time.sleep(0.05)
    server.send_signal(signal.SIGTERM)
    started = time.monotonic()
    assert server.wait(40) == 0, served.logs[0].read_text()
    assert time.monotonic() - started < 30
    _, alive = psutil.wait_procs(workers, timeout=5)
    assert not alive
