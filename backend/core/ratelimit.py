"""Rate limits (429 + Retry-After) on sign-in, sign-up, posting, voting and similar-proposal hints.

Fixed-window counters, keyed by rule, subject (account or client address) and window. The
counters live in a store that every API process shares:

- ``memory``: inside this process (the default on SQLite, where there is one process);
- ``database``: an UNLOGGED-style counter table in PostgreSQL (the default on PostgreSQL, so
  that several API processes and machines share one budget without extra services);
- ``redis``: ``KYOSO_REDIS_URL`` (e.g. ``redis://127.0.0.1:6379/0``); Redis keeps counters in
  memory only, which is all a rate limit needs.

Configuration (environment): ``KYOSO_RATE_LIMIT_STORE`` (memory / database / redis),
``KYOSO_RATE_LIMITS=off`` to switch every limit off (benchmarks), and
``KYOSO_RATE_LIMIT_<RULE>=<count>/<seconds>`` to change one rule, e.g.
``KYOSO_RATE_LIMIT_VOTE=600/60``.
"""

from __future__ import annotations

import asyncio
import math
import os
import time
from typing import Any, Literal, Protocol

import msgspec
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from sqlalchemy import BigInteger, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.database import Base
from backend.core.errors import TooManyRequests

Subject = Literal["account", "address"]


class Rule(msgspec.Struct, frozen=True):
    """At most ``limit`` events per ``window`` seconds."""

    limit: int
    window: int


DEFAULT_RULES: dict[str, Rule] = {
    # failed sign-ins: per client address (password spraying) and per account (guessing)
    "login_address": Rule(20, 300),
    "login_account": Rule(5, 900),
    "register": Rule(10, 3600),  # new accounts per address
    "post": Rule(10, 60),  # proposals, comments and reports per account
    "vote": Rule(120, 60),  # votes per account
    "similar": Rule(60, 60),  # "is your idea already here?" queries per person
}

_MESSAGES = {
    "login_address": "Too many failed sign-ins from your network.",
    "login_account": "Too many failed sign-ins for this account.",
    "register": "Too many new accounts from your network.",
    "post": "You are posting very quickly.",
    "vote": "You are voting very quickly.",
    "similar": "Too many searches for similar proposals.",
}


class RateLimitCounter(Base):
    """One fixed window of one rule for one subject (database store)."""

    __tablename__ = "rate_limit_counters"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    window_start: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    hits: Mapped[int] = mapped_column(Integer, default=0)


class CounterStore(Protocol):
    async def hit(self, key: str, window_start: int, ttl: int) -> int:
        """Count one event; return the number of events in that window so far."""

    async def peek(self, key: str, window_start: int) -> int:
        """Events in that window so far, without counting one."""


class MemoryStore:
    """Counters in this process only (embedded mode: one process)."""

    def __init__(self) -> None:
        self.counts: dict[tuple[str, int], int] = {}

    async def hit(self, key: str, window_start: int, ttl: int) -> int:
        if len(self.counts) > 100_000:  # forget old windows now and then
            now = int(time.time())
            self.counts = {k: v for k, v in self.counts.items() if k[1] > now - 86_400}
        value = self.counts.get((key, window_start), 0) + 1
        self.counts[(key, window_start)] = value
        return value

    async def peek(self, key: str, window_start: int) -> int:
        return self.counts.get((key, window_start), 0)


_counter_engines: dict[tuple[str, int], Any] = {}


def _counter_engine(database_url: str) -> Any:
    """A small pool of its own per database and event loop, so that counting never competes
    with requests for connections (and never holds a second one per request)."""
    from sqlalchemy.ext.asyncio import create_async_engine

    key = (database_url, id(asyncio.get_running_loop()))
    if key not in _counter_engines:
        _counter_engines[key] = create_async_engine(
            database_url,
            pool_size=2,
            max_overflow=2,
            pool_timeout=10,
            pool_pre_ping=True,
            isolation_level="AUTOCOMMIT",
            connect_args={"timeout": 5, "command_timeout": 10},
        )
    return _counter_engines[key]


class DatabaseStore:
    """Counters in the ``rate_limit_counters`` table, one autocommitted upsert per event.

    It uses its own connection, so a counted failure stays counted when the request's own
    transaction rolls back. Only for PostgreSQL (SQLite has one writer at a time).
    """

    def __init__(self, app_state: Any) -> None:
        self.state = app_state
        self.hits_since_cleanup = 0

    async def hit(self, key: str, window_start: int, ttl: int) -> int:
        engine = _counter_engine(self.state.db.settings.database_url)
        async with engine.connect() as connection:
            value = (
                await connection.execute(
                    text(
                        "INSERT INTO rate_limit_counters (key, window_start, hits) "
                        "VALUES (:key, :start, 1) ON CONFLICT (key, window_start) "
                        "DO UPDATE SET hits = rate_limit_counters.hits + 1 RETURNING hits"
                    ),
                    {"key": key, "start": window_start},
                )
            ).scalar_one()
            self.hits_since_cleanup += 1
            if self.hits_since_cleanup >= 5000:
                self.hits_since_cleanup = 0
                await connection.execute(
                    text("DELETE FROM rate_limit_counters WHERE window_start < :old"),
                    {"old": int(time.time()) - 86_400},
                )
        return int(value)

    async def peek(self, key: str, window_start: int) -> int:
        engine = _counter_engine(self.state.db.settings.database_url)
        async with engine.connect() as connection:
            value = (
                await connection.execute(
                    text(
                        "SELECT hits FROM rate_limit_counters "
                        "WHERE key = :key AND window_start = :start"
                    ),
                    {"key": key, "start": window_start},
                )
            ).scalar_one_or_none()
        return int(value or 0)


class RedisStore:
    """Counters in Redis (``INCR`` + ``EXPIRE``); shared by every process that reaches it."""

    def __init__(self, url: str) -> None:
        import redis.asyncio as redis

        self.redis = redis.from_url(url)

    async def hit(self, key: str, window_start: int, ttl: int) -> int:
        name = f"kyoso:rl:{key}:{window_start}"
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.incr(name)
            pipe.expire(name, ttl)
            value, _ = await pipe.execute()
        return int(value)

    async def peek(self, key: str, window_start: int) -> int:
        value = await self.redis.get(f"kyoso:rl:{key}:{window_start}")
        return int(value or 0)


def rules_from_env(environ: dict[str, str] | None = None) -> dict[str, Rule]:
    environ = dict(os.environ if environ is None else environ)
    rules = dict(DEFAULT_RULES)
    for name in rules:
        raw = environ.get(f"KYOSO_RATE_LIMIT_{name.upper()}")
        if raw:
            count, _, seconds = raw.partition("/")
            rules[name] = Rule(int(count), int(seconds or 60))
    return rules


class RateLimiter:
    """Checks and counts events against the rules; raises ``TooManyRequests`` when over."""

    def __init__(
        self, store: CounterStore, rules: dict[str, Rule] | None = None, enabled: bool = True
    ) -> None:
        self.store = store
        self.rules = rules or dict(DEFAULT_RULES)
        self.enabled = enabled

    def _window(self, rule: Rule) -> tuple[int, int]:
        now = time.time()
        start = int(now // rule.window * rule.window)
        return start, max(1, math.ceil(start + rule.window - now))

    async def hit(self, rule_name: str, subject: str) -> None:
        """Count one event; over the limit → 429 with Retry-After (the end of the window)."""
        if not self.enabled:
            return
        rule = self.rules[rule_name]
        start, retry_after = self._window(rule)
        count = await self.store.hit(f"{rule_name}:{subject}", start, rule.window + 5)
        if count > rule.limit:
            self._refuse(rule_name, retry_after)

    async def record(self, rule_name: str, subject: str) -> None:
        """Count one event without refusing this one (a failed sign-in was already refused)."""
        if not self.enabled:
            return
        rule = self.rules[rule_name]
        start, _ = self._window(rule)
        await self.store.hit(f"{rule_name}:{subject}", start, rule.window + 5)

    async def check(self, rule_name: str, subject: str) -> None:
        """Refuse when the budget is already spent, without counting (failed sign-ins)."""
        if not self.enabled:
            return
        rule = self.rules[rule_name]
        start, retry_after = self._window(rule)
        if await self.store.peek(f"{rule_name}:{subject}", start) >= rule.limit:
            self._refuse(rule_name, retry_after)

    @staticmethod
    def _refuse(rule_name: str, retry_after: int) -> None:
        raise TooManyRequests(
            f"{_MESSAGES[rule_name]} Please wait {retry_after} seconds and try again.",
            retry_after=retry_after,
        )


def make_rate_limiter(app_state: Any, is_sqlite: bool) -> RateLimiter:
    """The limiter that ``create_app`` puts on ``app.state.rate_limiter``."""
    kind = os.environ.get("KYOSO_RATE_LIMIT_STORE") or ("memory" if is_sqlite else "database")
    store: CounterStore
    if kind == "redis":
        store = RedisStore(os.environ.get("KYOSO_REDIS_URL", "redis://127.0.0.1:6379/0"))
    elif kind == "database" and not is_sqlite:
        store = DatabaseStore(app_state)
    else:
        store = MemoryStore()
    enabled = os.environ.get("KYOSO_RATE_LIMITS", "on").strip().lower() not in {"off", "0", "false"}
    return RateLimiter(store, rules_from_env(), enabled)


def client_address(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    """The client's address (behind a proxy, run kyoso serve --forwarded-allow-ips)."""
    return connection.client.host if connection.client else "unknown"


def rate_limited(rule_name: str, per: Subject = "account") -> Any:
    """Guard: count this request against ``rule_name`` (per account, or per address when
    anonymous or ``per="address"``)."""

    async def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        user = connection.scope.get("user")
        if per == "account" and user is not None:
            subject = f"user:{user.id}"
        else:
            subject = f"addr:{client_address(connection)}"
        limiter: RateLimiter = connection.app.state.rate_limiter
        await limiter.hit(rule_name, subject)

    return guard


async def guard_login(limiter: RateLimiter, address: str, email: str) -> None:
    """Before checking a password: refuse when this address or account failed too often."""
    await asyncio.gather(
        limiter.check("login_address", address),
        limiter.check("login_account", email.strip().lower()),
    )


async def count_failed_login(limiter: RateLimiter, address: str, email: str) -> None:
    """After a wrong password: count it for the address and for the account."""
    await limiter.record("login_address", address)
    await limiter.record("login_account", email.strip().lower())
