"""A one-second cache of public reads for people who are not signed in.

A consultation's busiest moment is everyone opening the same list at once. Anonymous requests
for the public lists and details get the same answer, so each API process answers them from a
cache that lives at most ``KYOSO_READ_CACHE_SECONDS`` (default 1 s, 0 switches it off): a vote is
visible everywhere within that second. Signed-in requests (their answers carry "my vote") and
every unsafe method bypass it. Cached answers are stored without their Set-Cookie headers, so no
cookie is ever handed from one person to another; a client without a CSRF token still gets one
of its own, from ``core/csrf.py``, which runs outside this cache.
"""

from __future__ import annotations

import asyncio
import functools
import re
import time
from collections.abc import Callable, Iterable
from typing import TypeGuard

from litestar.enums import ScopeType
from litestar.types import (
    ASGIApp,
    HTTPRequestEvent,
    HTTPScope,
    Message,
    Receive,
    Scope,
    Send,
)

from backend.core.security import SESSION_COOKIE as SESSION_COOKIE_NAME

_PARAMETER = re.compile(r"\{[^}:]+:(\w+)\}")
_PARAMETER_PATTERNS = {"int": r"\d+"}
SESSION_COOKIE = f"{SESSION_COOKIE_NAME}=".encode()
MAX_ENTRIES = 5000
MAX_BODY = 2_000_000


def public_reads_pattern(paths: Iterable[str]) -> re.Pattern[str]:
    """One expression matching the route paths the features declare as public reads
    (``/api/v1/proposals/{proposal_id:int}``: a parameter matches one path segment, an
    ``int`` one only digits)."""
    alternatives = []
    for path in paths:
        pieces = _PARAMETER.split(path)  # text, type, text, type, …, text
        alternatives.append(
            "".join(
                re.escape(piece) if i % 2 == 0 else _PARAMETER_PATTERNS.get(piece, "[^/]+")
                for i, piece in enumerate(pieces)
            )
        )
    return re.compile(f"^(?:{'|'.join(alternatives)})$" if alternatives else "(?!)")


def _cacheable(scope: Scope, public_reads: re.Pattern[str]) -> TypeGuard[HTTPScope]:
    if scope["type"] != ScopeType.HTTP or scope["method"] != "GET":
        return False
    if not public_reads.match(scope["path"]):
        return False
    for name, value in scope["headers"]:
        if name == b"cookie" and SESSION_COOKIE in value:
            return False
    return True


async def _empty_body() -> HTTPRequestEvent:
    return {"type": "http.request", "body": b"", "more_body": False}


def read_cache_middleware(ttl: float, public_reads: Iterable[str]) -> Callable[[ASGIApp], ASGIApp]:
    """The middleware factory: anonymous GETs of the route paths ``public_reads`` (what the
    features' manifests declare) answered from a cache for ``ttl`` seconds (0: no cache)."""
    return functools.partial(_read_cache, ttl=ttl, public_reads=public_reads_pattern(public_reads))


def _read_cache(app: ASGIApp, ttl: float, public_reads: re.Pattern[str]) -> ASGIApp:
    entries: dict[bytes, tuple[float, int, list[tuple[bytes, bytes]], bytes]] = {}
    in_flight: dict[bytes, asyncio.Future[None]] = {}
    refreshing: set[asyncio.Task[None]] = set()

    async def compute(key: bytes, scope: Scope, receive: Receive, send: Send | None) -> None:
        """Run the route and keep a 200 answer; ``send`` is None for a background refresh."""
        done = in_flight.get(key) or asyncio.get_running_loop().create_future()
        in_flight[key] = done
        started = time.monotonic()
        status = 0
        headers: list[tuple[bytes, bytes]] = []
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal status, headers
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [
                    (k, v) for k, v in message.get("headers", []) if k.lower() != b"set-cookie"
                ]
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False) and status == 200:
                    body = b"".join(chunks)
                    if len(body) <= MAX_BODY:
                        if len(entries) >= MAX_ENTRIES:
                            entries.clear()
                        # the answer reflects the database as of ``started``: it expires
                        # ``ttl`` after that, however long it took to compute
                        entries[key] = (started + ttl, 200, headers, body)
            if send is not None:
                await send(message)

        try:
            await app(scope, receive, capture)
        finally:
            in_flight.pop(key, None)
            done.set_result(None)

    def refresh_ahead(key: bytes, scope: HTTPScope) -> None:
        """Recompute an entry in its last third of life, so that under load nobody waits for
        the database when it expires (it still expires ``ttl`` after its own computation)."""
        fresh_scope = scope.copy()
        fresh_scope["state"] = {}
        # claimed now, not when the task first runs: the requests answered meanwhile in this
        # turn of the event loop must not start refreshes of their own
        in_flight[key] = asyncio.get_running_loop().create_future()
        task = asyncio.create_task(compute(key, fresh_scope, _empty_body, None))
        refreshing.add(task)
        task.add_done_callback(refreshing.discard)

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if ttl <= 0 or not _cacheable(scope, public_reads):
            await app(scope, receive, send)
            return
        key = scope["path"].encode() + b"?" + scope.get("query_string", b"")
        hit = entries.get(key)
        if hit is None or hit[0] <= time.monotonic():
            pending = in_flight.get(key)
            if pending is not None:
                # one request per key computes the answer; the others wait for it (no stampede
                # on the database when an entry expires under load)
                await asyncio.shield(pending)
                hit = entries.get(key)
        now = time.monotonic()
        if hit is not None and hit[0] > now:
            expires, status, headers, body = hit
            if expires - now < ttl / 3 and key not in in_flight:
                refresh_ahead(key, scope)
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body, "more_body": False})
            return
        await compute(key, scope, receive, send)

    return middleware
