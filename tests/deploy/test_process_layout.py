"""The compose layout without Docker: two API processes (``kyoso serve``) and two job workers
(``kyoso worker``) on one PostgreSQL database. Both API processes answer, a run started through
one is taken by a worker and followed through the other, and an API process that never loaded
a model stays small."""

from __future__ import annotations

import time
from collections.abc import Iterator

import psutil
import pytest
import requests
from processes import PLANNER, Deployment, deployment, signed_in

API_RSS_LIMIT = 250 * 1024 * 1024

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def layout(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    with deployment(tmp_path_factory, "kyoso_layout") as deployed:  # the demo city
        deployed.serve()
        deployed.serve()
        deployed.start("worker")
        deployed.start("worker")
        yield deployed


def _main_process(base: str) -> int:
    processes = requests.get(f"{base}/api/v1/processes", timeout=10).json()
    items = processes["items"] if isinstance(processes, dict) else processes
    return next(p["id"] for p in items if p["slug"] == "midori-vision-2035")


def test_both_api_processes_answer_and_share_sessions(layout: Deployment) -> None:
    first, second = layout.bases
    for base in (first, second):
        ready = requests.get(f"{base}/ready", timeout=5).json()
        assert ready == {"status": "ready", "database": "postgresql"}
    pid = _main_process(first)
    proposal = requests.get(f"{first}/api/v1/processes/{pid}/proposals", timeout=10)
    proposal_id = proposal.json()["items"][0]["id"]
    resident = signed_in(first, "resident@example.jp")
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
    layout: Deployment,
) -> None:
    first, second = layout.bases
    pid = _main_process(first)
    planner = signed_in(first, "planner@example.jp", PLANNER)
    run = planner.post(
        f"{first}/api/v1/processes/{pid}/analysis-runs",
        json={"backend": "tfidf", "seed": 1},
        timeout=10,
    )
    assert run.status_code == 201, run.text
    follower = signed_in(second, "planner@example.jp", PLANNER)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        state = follower.get(f"{second}/api/v1/analysis-runs/{run.json()['id']}", timeout=10)
        if state.json()["status"] in ("succeeded", "failed", "cancelled"):
            break
        time.sleep(0.5)
    assert state.json()["status"] == "succeeded", state.json()
    themes = follower.get(f"{second}/api/v1/analysis-runs/{run.json()['id']}/themes", timeout=10)
    assert themes.status_code == 200 and themes.json()["themes"]
    assert all(p.poll() is None for p in layout.processes), "a process of the layout died"


def test_an_api_process_without_ml_stays_under_250_mb(layout: Deployment) -> None:
    first = layout.bases[0]
    for _ in range(50):
        requests.get(
            f"{first}/api/v1/processes/{_main_process(first)}/proposals?limit=100", timeout=10
        )
    for api in layout.processes[:2]:
        rss = psutil.Process(api.pid).memory_info().rss
        assert rss < API_RSS_LIMIT, f"API process uses {rss / 2**20:.0f} MB"
