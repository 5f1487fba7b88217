"""Read load with wrk (64 connections): the public proposal list and a proposal detail on
PostgreSQL, against a bare Litestar endpoint returning a constant list, in the same run and with
the same server (granian by default, same number of worker processes). Prints req/s, p50, p99
and the ratio.

    .venv/bin/python bench/load_read.py [--proposals 10000] [--workers 2] [--seconds 15]
"""

from __future__ import annotations

import argparse
import asyncio
import re
import subprocess

from load_common import (
    SERVERS,
    fill,
    migrate,
    recreate_database,
    server_command,
    server_env,
    servers,
)


def wrk(url: str, seconds: int, connections: int = 64, threads: int = 2) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def ms(label: str) -> float:
        match = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        assert match, out
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rps,
        "p50": ms("50%"),
        "p99": ms("99%"),
        "non2xx": float(errors.group(1)) if errors else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--proposals", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--cache-seconds", default="1")
    parser.add_argument("--server", choices=SERVERS, default="granian")
    args = parser.parse_args()
    dsn = asyncio.run(recreate_database("kyoso_bench_read"))
    migrate(dsn)
    world = asyncio.run(
        fill(dsn, residents=200, proposals=args.proposals, votes=args.proposals * 5, sessions=False)
    )
    env = server_env(dsn, KYOSO_READ_CACHE_SECONDS=args.cache_seconds)
    api = server_command("backend.app:create_app", 8101, args.workers, args.server)
    bare = server_command("bare_app:app", 8102, args.workers, args.server, factory=False,
                          app_dir="bench")
    pid = world["process_id"]
    targets = {
        "bare Litestar constant list": "http://127.0.0.1:8102/items",
        "proposal list (newest, 20)": f"http://127.0.0.1:8101/api/v1/processes/{pid}/proposals",
        "proposal list (most agreed)": f"http://127.0.0.1:8101/api/v1/processes/{pid}/proposals?sort=most_agreed",
        "proposal detail": "http://127.0.0.1:8101/api/v1/proposals/42",
    }
    with servers([api, bare], env, ["http://127.0.0.1:8101/ready", "http://127.0.0.1:8102/items"]):
        for url in targets.values():
            wrk(url, 2)  # warm up
        results = {name: wrk(url, args.seconds) for name, url in targets.items()}
    base = results["bare Litestar constant list"]["rps"]
    print(
        f"\nwrk -c64, {args.seconds}s each, {args.server} --workers {args.workers}, "
        f"{args.proposals} proposals, read cache {args.cache_seconds}s"
    )
    print(f"{'endpoint':32} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>7} {'non-2xx':>8}")
    for name, r in results.items():
        print(
            f"{name:32} {r['rps']:9.0f} {r['p50']:8.2f} {r['p99']:8.2f} "
            f"{r['rps'] / base:7.1%} {r['non2xx']:8.0f}"
        )


if __name__ == "__main__":
    main()
