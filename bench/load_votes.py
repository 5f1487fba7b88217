"""Vote surge on PostgreSQL: 200 concurrent residents cast 50,000 votes through the real API
(granian processes), then the database must hold exactly the acknowledged votes.

    .venv/bin/python bench/load_votes.py [--residents 200] [--votes 50000] [--workers 2]
        [--restart-postgres-at SECONDS]   # fault test: restart the local cluster mid-surge
        [--port 8111]      # another port (and database) when other benchmarks share the machine
        [--attackers 12]   # meanwhile anonymous clients send bad sign-ins (250-character
                           # e-mails, wrong passwords); residents' 500s must stay 0
        [--kill-worker-at SECONDS]        # fault test: SIGKILL one API worker mid-surge

Each resident votes on distinct proposals, so every acknowledged (200) vote is one row; a vote
whose answer was an error or a dropped connection may or may not be stored (the client cannot
know), so the check is: acknowledged ⊆ stored, and stored tallies == stored rows.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter

import asyncpg
import msgspec
import psutil
import uvloop
from load_common import (
    SERVERS,
    RawClient,
    fill,
    migrate,
    percentile,
    recreate_database,
    server_command,
    server_env,
    servers,
)

# another port (and its own database) on a shared machine: --port or KYOSO_BENCH_PORT
PORT = int(os.environ.get("KYOSO_BENCH_PORT", "8111"))


class Surge(msgspec.Struct):
    latencies: list[float]
    statuses: Counter[int]
    acknowledged: set[tuple[int, int]]
    seconds: float
    outage: list[float]
    attacks: Counter[int]  # the attackers' answers
    served: list[float]  # when each acknowledged vote was answered


async def surge(
    tokens: list[str],
    csrf: list[str],
    proposals: int,
    votes: int,
    port: int = PORT,
    attackers: list[str] | None = None,
) -> Surge:
    """``tokens``: the residents' sessions, ``csrf``: each one's CSRF token (tokens are bound
    to their session); ``attackers``: the CSRF tokens of anonymous clients that send bad
    sign-ins until the residents are done."""
    per_resident = votes // len(tokens)
    result = Surge([], Counter(), set(), 0.0, [], Counter(), [])
    latencies, statuses, acknowledged, outage = (
        result.latencies,
        result.statuses,
        result.acknowledged,
        result.outage,
    )
    done = asyncio.Event()

    async def resident(index: int, token: str) -> None:
        client = RawClient("127.0.0.1", port)
        rng = random.Random(index)
        targets = rng.sample(range(1, proposals + 1), per_resident)
        headers = {
            "Cookie": f"kyoso_session={token}; csrftoken={csrf[index]}",
            "X-CSRFToken": csrf[index],
            "Content-Type": "application/json",
        }
        for proposal_id in targets:
            body = json.dumps({"value": rng.choice(["agree", "disagree", "pass"])}).encode()
            started = time.perf_counter()
            try:
                status, payload = await client.request(
                    "PUT", f"/api/v1/proposals/{proposal_id}/vote", headers, body
                )
            except (ConnectionError, OSError, asyncio.IncompleteReadError):
                status, payload = 0, b""
                await asyncio.sleep(0.2)
            latencies.append(time.perf_counter() - started)
            if status == 503 and json.loads(payload).get("type") != "/problems/unavailable":
                status = -503  # a 503 that is not our problem+json: counted apart
            statuses[status] += 1
            if status == 200:
                acknowledged.add((index + 1, proposal_id))
                result.served.append(time.monotonic())
            elif status in (503, 0):
                outage.append(time.monotonic())
        await client.close()

    async def attacker(index: int, token: str) -> None:
        client = RawClient("127.0.0.1", port)
        headers = {
            "Cookie": f"csrftoken={token}",
            "X-CSRFToken": token,
            "Content-Type": "application/json",
        }
        attempt = 0
        while not done.is_set():
            attempt += 1
            email = f"{index}-{attempt}-".ljust(238, "x") + "@example.jp"  # 250 characters
            body = json.dumps({"email": email, "password": f"wrong password {attempt}"})
            try:
                status, _ = await client.request(
                    "POST", "/api/v1/auth/login", headers, body.encode()
                )
            except (ConnectionError, OSError, asyncio.IncompleteReadError):
                status = 0
                await asyncio.sleep(0.2)
            result.attacks[status] += 1
        await client.close()

    async def residents() -> None:
        await asyncio.gather(*(resident(i, t) for i, t in enumerate(tokens)))
        done.set()

    started = time.perf_counter()
    await asyncio.gather(residents(), *(attacker(i, t) for i, t in enumerate(attackers or [])))
    result.seconds = time.perf_counter() - started
    return result


async def csrf_cookie(session: str | None = None, port: int = PORT) -> str:
    """A CSRF token for this session (or for none): any GET without one hands one out, read
    from the raw response headers."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    cookie = f"Cookie: kyoso_session={session}\r\n" if session else ""
    writer.write(
        f"GET /api/v1/districts HTTP/1.1\r\nHost: x\r\n{cookie}Connection: close\r\n\r\n".encode()
    )
    raw = await reader.read()
    writer.close()
    for line in raw.decode("latin-1").split("\r\n"):
        if line.lower().startswith("set-cookie: csrftoken="):
            return line.split("=", 1)[1].split(";", 1)[0]
    raise RuntimeError("no csrftoken cookie")


async def csrf_cookies(sessions: list[str | None], port: int) -> list[str]:
    return list(await asyncio.gather(*(csrf_cookie(session, port) for session in sessions)))


def restart_postgres_later(delay: float, marks: dict[str, float]) -> threading.Thread:
    def run() -> None:
        time.sleep(delay)
        marks["restart_begin"] = time.monotonic()
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "restart"], check=True
        )
        marks["restart_end"] = time.monotonic()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def kill_worker_later(
    delay: float, server: subprocess.Popen[bytes], marks: dict[str, float]
) -> threading.Thread:
    """SIGKILL one of the server's worker processes; note when a replacement is running."""

    def run() -> None:
        time.sleep(delay)
        workers = psutil.Process(server.pid).children()
        victim = workers[0]
        victim.send_signal(signal.SIGKILL)
        marks["killed_at"], marks["workers"] = time.monotonic(), len(workers)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            alive = [
                w
                for w in psutil.Process(server.pid).children()
                if w.pid != victim.pid and w.status() != psutil.STATUS_ZOMBIE
            ]
            if len(alive) == len(workers):
                marks["respawned_at"] = time.monotonic()
                return
            time.sleep(0.1)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


async def check(dsn: str, acknowledged: set[tuple[int, int]]) -> dict[str, int]:
    connection = await asyncpg.connect(dsn)
    try:
        stored = {
            (r["user_id"], r["proposal_id"])
            for r in await connection.fetch("SELECT user_id, proposal_id FROM votes")
        }
        tallies = await connection.fetchval(
            "SELECT sum(agree_count + disagree_count + pass_count) FROM proposals"
        )
    finally:
        await connection.close()
    return {
        "acknowledged": len(acknowledged),
        "stored": len(stored),
        "acknowledged_missing": len(acknowledged - stored),
        "stored_unacknowledged": len(stored - acknowledged),
        "tally_sum": int(tallies or 0),
    }


def bare_surge(args: argparse.Namespace, tokens: list[str], csrf: list[str]) -> float:
    """Requests per second of the same surge against a no-op Litestar PUT: the yardstick."""
    bare_port = args.port + 1
    bare = server_command(
        "bare_app:app", bare_port, args.workers, args.server, factory=False, app_dir="bench"
    )
    with servers([bare], dict(os.environ), [f"http://127.0.0.1:{bare_port}/items"]):
        run = uvloop.run(surge(tokens, csrf, args.proposals, args.votes, port=bare_port))
    return run.statuses[200] / run.seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--residents", type=int, default=200)
    parser.add_argument("--votes", type=int, default=50_000)
    parser.add_argument("--proposals", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--restart-postgres-at", type=float, default=0)
    parser.add_argument("--kill-worker-at", type=float, default=0)
    parser.add_argument("--server", choices=SERVERS, default="granian")
    parser.add_argument(
        "--rate-limits",
        choices=("off", "database", "redis"),
        default="off",
        help="count every vote in the production counter store, against a "
        "budget raised so that the simulated residents (~8 votes/s) stay under it",
    )
    parser.add_argument(
        "--bare",
        action="store_true",
        help="also time the same surge against bench/bare_app.py's PUT",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=PORT,
        help="the API's port (the bare app's is the next one); another port "
        "also gets its own database, so two runs on one machine never collide",
    )
    parser.add_argument(
        "--attackers",
        type=int,
        default=0,
        help="anonymous clients sending bad sign-ins (250-character e-mails, "
        "wrong passwords) during the surge; implies --rate-limits database",
    )
    args = parser.parse_args()
    if args.attackers and args.rate_limits == "off":
        args.rate_limits = "database"  # the sign-in counters are what the attack hits
    dsn = asyncio.run(
        recreate_database(
            os.environ.get(
                "KYOSO_BENCH_DATABASE",
                "kyoso_bench_votes" + ("" if args.port == 8111 else f"_{args.port}"),
            )
        )
    )
    migrate(dsn)
    world = asyncio.run(fill(dsn, residents=args.residents, proposals=args.proposals, votes=0))
    api = server_command("backend.app:create_app", args.port, args.workers, args.server)
    limits = (
        {}
        if args.rate_limits == "off"
        else {
            "KYOSO_RATE_LIMITS": "on",
            "KYOSO_RATE_LIMIT_STORE": args.rate_limits,
            "KYOSO_RATE_LIMIT_VOTE": f"{args.votes}/60",
        }
    )
    env = server_env(dsn, KYOSO_DB_POOL_SIZE="20", KYOSO_DB_MAX_OVERFLOW="0", **limits)
    marks: dict[str, float] = {}
    with servers([api], env, [f"http://127.0.0.1:{args.port}/ready"]) as processes:
        csrf = asyncio.run(csrf_cookies(world["tokens"], args.port))
        attackers = asyncio.run(csrf_cookies([None] * args.attackers, args.port))
        restart = (
            restart_postgres_later(args.restart_postgres_at, marks)
            if args.restart_postgres_at
            else None
        )
        if args.kill_worker_at:
            kill_worker_later(args.kill_worker_at, processes[0], marks)
        client_cpu = time.process_time()
        run = uvloop.run(
            surge(world["tokens"], csrf, args.proposals, args.votes, args.port, attackers=attackers)
        )
        client_cpu = time.process_time() - client_cpu
        if restart is not None:
            restart.join()  # the cluster is back before the check reads it
    latencies, statuses, acknowledged, seconds, outage = (
        run.latencies,
        run.statuses,
        run.acknowledged,
        run.seconds,
        run.outage,
    )
    result = asyncio.run(check(dsn, acknowledged))
    total = sum(statuses.values())
    bare_rate = bare_surge(args, world["tokens"], csrf) if args.bare else None
    print(
        f"\nvote surge: {args.residents} residents, {total} votes, {args.server} --workers "
        f"{args.workers}, PostgreSQL, rate limits {args.rate_limits}"
    )
    print(f"  throughput      {total / seconds:8.0f} votes/s ({seconds:.1f} s)")
    print(
        f"  latency p50/p99 {percentile(latencies, 50) * 1000:8.1f} / "
        f"{percentile(latencies, 99) * 1000:.1f} ms"
    )
    if bare_rate:
        ratio = total / seconds / bare_rate
        print(
            f"  bare PUT        {bare_rate:8.0f} req/s: the same client and server against a "
            f"Litestar PUT with no auth, CSRF or database; ratio {ratio:.0%}"
        )
    print(
        f"  load generator  {client_cpu:8.1f} s of CPU ({client_cpu / seconds:.0%} of one core), "
        "on the same two cores"
    )
    print(f"  statuses        {dict(statuses)}")
    if args.attackers:
        print(
            f"  attackers       {args.attackers} anonymous clients, {run.attacks.total()} bad "
            f"sign-ins: {dict(run.attacks)}"
        )
        print(f"  residents' 500s {statuses[500]:8d}")
    print(f"  check           {result}")
    unexpected = sum(n for s, n in statuses.items() if s not in (200, 503, 0)) + run.attacks[500]
    ok = (
        result["acknowledged_missing"] == 0
        and result["stored"] == result["tally_sum"]
        and unexpected == 0
    )
    if args.restart_postgres_at and outage:
        print(
            f"  outage answers  {len(outage)} (503 or dropped) over "
            f"{max(outage) - min(outage):.1f} s; restart took "
            f"{marks.get('restart_end', 0) - marks.get('restart_begin', 0):.1f} s"
        )
    if args.kill_worker_at:
        respawned = marks.get("respawned_at", 0) - marks.get("killed_at", 0)
        print(
            f"  killed worker   1 of {marks.get('workers')} at {args.kill_worker_at:.0f} s; "
            + (
                f"a new one was running {respawned:.1f} s later"
                if respawned > 0
                else "NOT respawned"
            )
        )
        after = sum(1 for t in run.served if t > marks.get("killed_at", float("inf")))
        print(
            f"  after the kill  {after} votes acknowledged, {statuses[0]} requests dropped "
            "(the killed worker's connections)"
        )
        ok = ok and respawned > 0 and after > 0
    print(
        "  RESULT          "
        + (
            "every acknowledged vote is stored; tallies exact; 503s are problem+json"
            if ok
            else f"MISMATCH or {unexpected} unexpected answers"
        )
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
