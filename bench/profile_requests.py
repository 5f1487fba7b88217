"""CPU per request of the hot routes, measured inside one process, without HTTP or wrk.

The signed-in list, detail, search and the vote PUT are driven straight through the ASGI app
(scope, receive, send: no HTTP client in the measurement) against a PostgreSQL database filled
as the load benchmarks fill it (10,000 proposals, 200 residents with sessions and 50,000
votes), each request as a random resident with their session and CSRF cookies. It prints the
API process's CPU milliseconds per request (``time.process_time``: the app, asyncpg and the
event loop; PostgreSQL's own CPU is another process) next to bench/bare_app.py's endpoints
driven the same way, so the ratio tells what our middleware, lookups and queries add. On a
shared machine this stays meaningful where wrk's req/s does not.

    PYTHONPATH=$PWD .venv/bin/python bench/profile_requests.py [--requests 2000]
        [--concurrency 16] [--only list,detail,search,vote] [--profile 20] [--no-fill]
        [--warm-up]

``--profile N`` also prints cProfile's top N functions by own time and by cumulative time for
each route (cProfile counts each resumption of a coroutine as a call and roughly doubles the
time of small Python functions); ``--sample`` prints pyinstrument's call tree instead (a
sampling profiler with little overhead; not a project dependency: ``pip install
pyinstrument``); ``--no-fill`` reuses the database of an earlier run; ``--warm-up`` loads
the similar hint's model before measuring, as every ``kyoso serve`` process does at start
(without it the app runs with ``KYOSO_SIMILAR_WARM_UP=false``).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import io
import os
import pstats
import random
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from load_common import (
    SECRET,
    dsn_for,
    fill,
    migrate,
    recreate_database,
    server_env,
)

DATABASE = "kyoso_bench_profile"
ASGIApp = Callable[[dict[str, Any], Any, Any], Awaitable[None]]
Request = tuple[str, str, str, list[tuple[bytes, bytes]], bytes]


async def call(
    app: ASGIApp,
    method: str,
    path: str,
    query: str,
    headers: list[tuple[bytes, bytes]],
    body: bytes = b"",
) -> tuple[int, bytes]:
    """One request through the ASGI app; (status, body)."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1:8101"), *headers],
        "client": ("127.0.0.1", 40000),
        "server": ("127.0.0.1", 8101),
        "state": {},
    }
    sent = False
    status, chunks = 0, []

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            await asyncio.sleep(3600)  # a client that stays connected
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return status, b"".join(chunks)


async def drive(
    app: ASGIApp, requests: list[Request], concurrency: int, profile: Any = None
) -> tuple[float, float]:
    """Send ``requests`` with ``concurrency`` in flight; (CPU ms, wall ms) per request."""
    queue = list(reversed(requests))
    failures: list[tuple[int, bytes]] = []

    async def client() -> None:
        while queue:
            method, path, query, headers, body = queue.pop()
            status, answer = await call(app, method, path, query, headers, body)
            if status != 200:
                failures.append((status, answer[:300]))

    gc.collect()
    cpu, wall = time.process_time(), time.perf_counter()
    if profile is not None:
        profile.start() if hasattr(profile, "start") else profile.enable()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    if profile is not None:
        profile.stop() if hasattr(profile, "stop") else profile.disable()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    if failures:
        raise SystemExit(f"{len(failures)} requests failed, e.g. {failures[0]}")
    return cpu * 1000 / len(requests), wall * 1000 / len(requests)


def cookies(token: str, csrf_token: str) -> list[tuple[bytes, bytes]]:
    return [(b"cookie", f"kyoso_session={token}; csrftoken={csrf_token}".encode())]


def route_requests(
    route: str, world: dict[str, Any], count: int, rng: random.Random
) -> list[Request]:
    """``count`` requests of one route, each as a random resident."""
    from backend.core.csrf import SessionCsrf

    csrf = SessionCsrf(SECRET, cookie_secure=False)
    tokens = world["tokens"]
    signed = [(t, csrf.token(t)) for t in tokens]
    proposals = world["proposals"]
    list_path = f"/api/v1/processes/{world['process_id']}/proposals"
    out: list[Request] = []
    for _ in range(count):
        token, csrf_token = rng.choice(signed)
        headers = cookies(token, csrf_token)
        if route == "list":
            out.append(("GET", list_path, "", headers, b""))
        elif route == "detail":
            out.append(("GET", "/api/v1/proposals/42", "", headers, b""))
        elif route == "search":
            out.append(("GET", list_path, "q=" + quote("路線バス"), headers, b""))
        elif route == "vote":
            value = rng.choice(["agree", "disagree", "pass"]).encode()
            out.append(
                (
                    "PUT",
                    f"/api/v1/proposals/{rng.randint(1, proposals)}/vote",
                    "",
                    [
                        *headers,
                        (b"x-csrftoken", csrf_token.encode()),
                        (b"content-type", b"application/json"),
                    ],
                    b'{"value": "' + value + b'"}',
                )
            )
        elif route == "bare list":
            out.append(("GET", "/items", "", headers, b""))
        elif route == "bare vote":
            out.append(
                (
                    "PUT",
                    "/api/v1/proposals/42/vote",
                    "",
                    [*headers, (b"content-type", b"application/json")],
                    b'{"value": "agree"}',
                )
            )
    return out


def _profiler(args: argparse.Namespace) -> Any:
    if args.sample:
        from pyinstrument import Profiler  # not a project dependency: pip install pyinstrument

        return Profiler(interval=0.0001, async_mode="disabled")
    # CPU time, not wall time: on a busy machine a descheduled process would charge the wait
    # to whatever function was running
    return cProfile.Profile(time.process_time) if args.profile else None


def print_profile(profile: Any, top: int) -> None:
    if not isinstance(profile, cProfile.Profile):
        print(profile.output_text(unicode=False, color=False, show_all=False))
        return
    for order in ("tottime", "cumulative"):
        stream = io.StringIO()
        pstats.Stats(profile, stream=stream).sort_stats(order).print_stats(top)
        text = stream.getvalue()
        print(text[text.find("   ncalls") :])


async def run(args: argparse.Namespace, world: dict[str, Any]) -> None:
    from bare_app import app as bare

    from backend.app import create_app

    app = create_app()
    rng = random.Random(1)
    routes = args.only.split(",")
    results: dict[str, tuple[float, float]] = {}
    async with app.lifespan():
        while app.state.similar.warming:  # --warm-up: measure with the hint's model loaded
            await asyncio.sleep(0.1)
        for route in ["bare list", "bare vote", *routes]:
            target = bare if route.startswith("bare") else app
            await drive(target, route_requests(route, world, 200, rng), args.concurrency)  # warm
            profile = _profiler(args) if not route.startswith("bare") else None
            runs = [
                await drive(
                    target,
                    route_requests(route, world, args.requests, rng),
                    args.concurrency,
                    profile if i == 0 else None,
                )
                for i in range(args.repeat)
            ]
            results[route] = min(runs)
            if profile is not None:
                print(f"\n=== {route}: the measured requests ===")
                print_profile(profile, args.profile)
    print(
        f"\n{args.requests} requests each (best of {args.repeat}), {args.concurrency} in flight, "
        f"{world['proposals']} proposals; CPU of this process per request"
    )
    print(f"{'route':12} {'CPU ms':>8} {'wall ms':>8} {'x bare':>8}")
    for route, (cpu, wall) in results.items():
        base = results["bare vote" if route == "vote" else "bare list"][0]
        print(f"{route:12} {cpu:8.3f} {wall:8.3f} {cpu / base:8.1f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--proposals", type=int, default=10_000)
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="measure each route this many times and keep the least CPU (other "
        "processes on the machine only ever add to it)",
    )
    parser.add_argument("--only", default="list,detail,search,vote")
    parser.add_argument("--profile", type=int, default=0)
    parser.add_argument(
        "--sample",
        action="store_true",
        help="a pyinstrument call tree instead of cProfile (pip install it)",
    )
    parser.add_argument("--no-fill", action="store_true")
    parser.add_argument(
        "--warm-up",
        action="store_true",
        help="load the similar hint's model first, as `kyoso serve` does",
    )
    args = parser.parse_args()
    if args.no_fill:
        dsn = dsn_for(DATABASE)
        world = asyncio.run(_existing(dsn))
    else:
        dsn = asyncio.run(recreate_database(DATABASE))
        migrate(dsn)
        world = asyncio.run(
            fill(dsn, residents=200, proposals=args.proposals, votes=args.proposals * 5)
        )
        _save_tokens(world["tokens"])
    world["proposals"] = args.proposals
    os.environ.update(
        server_env(
            dsn,
            KYOSO_READ_CACHE_SECONDS="0",
            KYOSO_LOG_FORMAT="text",
            KYOSO_SIMILAR_WARM_UP=str(args.warm_up).lower(),
        )
    )
    import uvloop

    uvloop.run(run(args, world))  # as under granian --loop uvloop


_TOKENS = Path(__file__).resolve().parents[1] / "var" / "bench" / "profile_tokens.txt"


def _save_tokens(tokens: list[str]) -> None:
    _TOKENS.parent.mkdir(parents=True, exist_ok=True)
    _TOKENS.write_text("\n".join(tokens))


async def _existing(dsn: str) -> dict[str, Any]:
    import asyncpg

    connection = await asyncpg.connect(dsn)
    try:
        process_id = await connection.fetchval("SELECT id FROM processes WHERE slug = 'bench'")
    finally:
        await connection.close()
    return {"process_id": process_id, "tokens": _TOKENS.read_text().split()}


if __name__ == "__main__":
    main()
