"""Scale: a process with 100,000 proposals and 1,000,000 votes on PostgreSQL. Times the public
list (first and deep keyset pages, two sorts), a detail, a Japanese search and, with
``--analysis``, a full analysis run in a ``kyoso worker`` (TF-IDF backend) with its peak memory.

    .venv/bin/python bench/load_scale.py [--proposals 100000] [--votes 1000000] [--analysis]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import time

import httpx
import psutil
from load_common import REPO, fill, migrate, recreate_database, server_env, servers

PORT = 8121


def timed(client: httpx.Client, url: str, repeat: int = 5) -> tuple[float, httpx.Response]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.text[:300])
    return statistics.median(times) * 1000, response


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--proposals", type=int, default=100_000)
    parser.add_argument("--votes", type=int, default=1_000_000)
    parser.add_argument("--residents", type=int, default=20_000)
    parser.add_argument("--analysis", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    dsn = asyncio.run(recreate_database("kyoso_bench_scale"))
    migrate(dsn)
    world = asyncio.run(
        fill(
            dsn,
            residents=args.residents,
            proposals=args.proposals,
            votes=args.votes,
            sessions=False,
        )
    )
    print(
        f"generated {args.proposals} proposals, {args.votes} votes, {args.residents} residents "
        f"in {time.perf_counter() - started:.0f} s"
    )
    pid = world["process_id"]
    env = server_env(dsn, KYOSO_READ_CACHE_SECONDS="0")
    api = [sys.executable, "-m", "backend", "serve", "--port", str(PORT), "--no-access-log"]
    base = f"http://127.0.0.1:{PORT}"
    rows = []
    with (
        servers([api], env, [f"{base}/ready"]) as (server,),
        httpx.Client(base_url=base, timeout=120) as c,
    ):
        list_url = f"/api/v1/processes/{pid}/proposals"
        ms, first = timed(c, list_url)
        rows.append(("list, newest, first page", ms))
        cursor = first.json()["next_cursor"]
        for _ in range(49):
            cursor = c.get(list_url, params={"cursor": cursor}).json()["next_cursor"]
        ms, _ = timed(c, f"{list_url}?cursor={cursor}")
        rows.append(("list, newest, page 51 (keyset)", ms))
        rows.append(("list, most agreed, first page", timed(c, f"{list_url}?sort=most_agreed")[0]))
        rows.append(
            ("list, most discussed, first page", timed(c, f"{list_url}?sort=most_discussed")[0])
        )
        rows.append(("list, district filter", timed(c, f"{list_url}?district=chuo")[0]))
        rows.append(("detail", timed(c, f"/api/v1/proposals/{args.proposals // 2 + 1}")[0]))
        rows.append(("search 「提案 4242」", timed(c, f"{list_url}?q=提案 4242")[0]))
        rows.append(("search 「バス」 (matches all)", timed(c, f"{list_url}?q=バス")[0]))
        # granian: a supervisor process and the serving process it forked; the larger one serves
        tree = [psutil.Process(server.pid), *psutil.Process(server.pid).children(recursive=True)]
        rss = max(p.memory_info().rss for p in tree)
        rows.append(("API process RSS after these (MB)", rss / 2**20))
        if args.analysis:
            rows += analysis(c, dsn, pid)
    print(
        f"\nscale: {args.proposals} proposals, {args.votes} votes (PostgreSQL, one API process,"
        " cache off); median of 5"
    )
    for name, value in rows:
        print(f"  {name:40} {value:10.1f}")


def analysis(c: httpx.Client, dsn: str, pid: int) -> list[tuple[str, float]]:
    env = server_env(dsn)
    session = httpx.Client(base_url=str(c.base_url), timeout=60)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "backend",
            "create-user",
            "scale-planner@example.jp",
            "--name",
            "p",
            "--role",
            "planner",
            "--password",
            "scale-planner-pass",
        ],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
    )
    session.get("/api/v1/districts")
    session.headers["x-csrftoken"] = session.cookies["csrftoken"]
    session.post(
        "/api/v1/auth/login",
        json={"email": "scale-planner@example.jp", "password": "scale-planner-pass"},
    )
    session.headers["x-csrftoken"] = session.cookies["csrftoken"]  # signing in renews it
    worker = subprocess.Popen(
        [sys.executable, "-m", "backend", "worker"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    peak = 0
    try:
        run = session.post(
            f"/api/v1/processes/{pid}/analysis-runs", json={"backend": "tfidf", "seed": 1}
        ).json()
        started = time.perf_counter()
        while True:
            state = session.get(f"/api/v1/analysis-runs/{run['id']}").json()
            peak = max(peak, psutil.Process(worker.pid).memory_info().rss)
            if state["status"] in ("succeeded", "failed", "cancelled"):
                break
            time.sleep(0.5)
        seconds = time.perf_counter() - started
        assert state["status"] == "succeeded", state
        board_ms, _ = timed(session, f"/api/v1/analysis-runs/{run['id']}/themes", repeat=3)
    finally:
        worker.terminate()
        worker.wait(30)
    return [
        ("analysis run, TF-IDF (s)", seconds),
        ("worker peak RSS (MB)", peak / 2**20),
        ("theme board of that run (ms)", board_ms),
    ]


if __name__ == "__main__":
    main()
