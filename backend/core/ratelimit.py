"""Rate limits (429 + Retry-After) on sign-in, sign-up, posting, voting, similar-proposal hints
and ふりがな readings.

The rules, each with the sentence a refused person reads, are declared by the features that
count them (``RateLimit`` in their manifests: ``backend/<feature>/manifest.py``).

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
import functools
import hashlib
import math
import time
from collections import Counter
from collections.abc import Sequence
from typing import Any, Literal, Protocol

import msgspec
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from sqlalchemy import BigInteger, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.app_state import RATE_LIMITER
from backend.core.config import Settings
from backend.core.database import Base
from backend.core.errors import ServiceUnavailable, TooManyRequests
from backend.core.fastpath import Batched, DirectPool
from backend.core.features import RateLimit, all_features
from backend.core.openapi import answers

Subject = Literal["account", "address"]


class Rule(msgspec.Struct, frozen=True):
    """At most ``limit`` events per ``window`` seconds."""

    limit: int
    window: int


@functools.cache
def feature_rules() -> dict[str, RateLimit]:
    """Every rule the features declare in their manifests (with its message), by name."""
    return {rule.name: rule for feature in all_features() for rule in feature.rate_limits}


def default_rules() -> dict[str, Rule]:
    """Every declared rule as its manifest sets it."""
    return {name: Rule(rule.limit, rule.window) for name, rule in feature_rules().items()}


class RateLimitCounter(Base):
    """One fixed window of one rule for one subject (database store)."""

    __tablename__ = "rate_limit_counters"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    window_start: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    hits: Mapped[int] = mapped_column(Integer, default=0)


class CounterStore(Protocol):
    async def hit(self, key: str, window_start: int, ttl: int) -> int:
        """Count one event; return the number of events in that window so far."""

    async def close(self) -> None:
        """Release connections (the app's shutdown)."""


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

    async def close(self) -> None:
        """Nothing to release."""


Window = tuple[str, int]  # (key, window_start)


class BatchedCounter:
    """A shared store's hits, batched (``core/fastpath`` ``Batched``): the hits of all requests that
    arrive while one round trip is in flight are counted by the next one. One statement per
    request was most of PostgreSQL's work under a vote surge, and with Redis it ran out of
    connections (500s). Subclasses add a batch's hits and return the windows' new totals."""

    def __init__(self, name: str) -> None:
        self.batched: Batched[tuple[str, int, int], int] = Batched(self._count, name)

    async def hit(self, key: str, window_start: int, ttl: int) -> int:
        return await self.batched((key, window_start, ttl))

    async def _count(self, calls: Sequence[tuple[str, int, int]]) -> list[int]:
        """Each call's own count, in order: for a window hit n times in this batch, the calls
        get the new total minus n, plus 1, 2, ... n."""
        windows = [(key, start) for key, start, _ in calls]
        hits = Counter(windows)
        totals = await self._add(hits, {(key, start): ttl for key, start, ttl in calls})
        seen: Counter[Window] = Counter()
        counts = []
        for window in windows:
            seen[window] += 1
            counts.append(totals[window] - hits[window] + seen[window])
        return counts

    async def _add(self, hits: Counter[Window], ttls: dict[Window, int]) -> dict[Window, int]:
        raise NotImplementedError


_ADD_HITS = (
    "INSERT INTO rate_limit_counters (key, window_start, hits) "
    "SELECT k, w, n FROM unnest($1::text[], $2::int8[], $3::int4[]) AS t(k, w, n) ORDER BY k, w "
    "ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limit_counters.hits + EXCLUDED.hits "
    "RETURNING key, window_start, hits"
)
_FORGET = "DELETE FROM rate_limit_counters WHERE window_start < $1"


class DatabaseStore(BatchedCounter):
    """Counters in the ``rate_limit_counters`` table (PostgreSQL only: SQLite has one process),
    upserted on an asyncpg connection of the store's own and autocommitted, so a counted
    failure stays counted when the request's own transaction rolls back. Rows are upserted in
    key order, so processes never deadlock."""

    def __init__(self, app_state: Any) -> None:
        super().__init__("kyoso-rate-limit-counter")
        self.state = app_state
        self.hits_since_cleanup = 0
        self._direct: DirectPool | None = None

    def _pool(self) -> DirectPool:
        if self._direct is None:
            self._direct = DirectPool(self.state.db.settings.database_url, size=1)
        return self._direct

    async def _add(self, hits: Counter[Window], ttls: dict[Window, int]) -> dict[Window, int]:
        keys, starts = zip(*hits, strict=True)
        async with self._pool().connection() as connection:
            rows = await connection.fetch(_ADD_HITS, keys, starts, list(hits.values()))
            self.hits_since_cleanup += hits.total()
            if self.hits_since_cleanup >= 5000:
                self.hits_since_cleanup = 0
                await connection.execute(_FORGET, int(time.time()) - 86_400)
        return {(row[0], row[1]): row[2] for row in rows}

    async def close(self) -> None:
        await self.batched.close()
        if self._direct is not None:
            await self._direct.close()


class RedisStore(BatchedCounter):
    """Counters in Redis (``INCRBY`` + ``EXPIRE``, one pipeline per batch); shared by every
    process that reaches it. Redis out of reach is a 503, like the database."""

    def __init__(self, url: str) -> None:
        import redis.asyncio as redis

        super().__init__("kyoso-rate-limit-counter")
        self.redis = redis.from_url(url)

    async def _add(self, hits: Counter[Window], ttls: dict[Window, int]) -> dict[Window, int]:
        from redis.exceptions import ConnectionError, TimeoutError

        try:
            async with self.redis.pipeline(transaction=False) as pipe:
                for (key, start), count in hits.items():
                    pipe.incrby(f"kyoso:rl:{key}:{start}", count)
                    pipe.expire(f"kyoso:rl:{key}:{start}", ttls[(key, start)])
                replies = await pipe.execute()
        except (ConnectionError, TimeoutError) as error:
            raise ServiceUnavailable(
                "The rate-limit store is not reachable right now. Please try again in a few "
                "seconds."
            ) from error
        return {window: int(total) for window, total in zip(hits, replies[::2], strict=True)}

    async def close(self) -> None:
        await self.batched.close()
        await self.redis.aclose()


def rules_from_settings(settings: Settings) -> dict[str, Rule]:
    """The default rules, each replaced by its ``KYOSO_RATE_LIMIT_<RULE>`` (``count/seconds``)
    where that is set."""
    rules = default_rules()
    for name in rules:
        raw = getattr(settings, f"rate_limit_{name}", "")  # only rules with a Settings field
        if raw:
            count, _, seconds = raw.partition("/")
            try:
                rules[name] = Rule(int(count), int(seconds or 60))
            except ValueError:
                raise ValueError(
                    f"KYOSO_RATE_LIMIT_{name.upper()} must be count/seconds, "
                    f"e.g. 120/60, not {raw!r}."
                ) from None
    return rules


class RateLimiter:
    """Checks and counts events against the rules; raises ``TooManyRequests`` when over."""

    def __init__(
        self, store: CounterStore, rules: dict[str, Rule] | None = None, enabled: bool = True
    ) -> None:
        self.store = store
        self.rules = rules or default_rules()
        self.enabled = enabled

    @staticmethod
    def key(rule_name: str, subject: str) -> str:
        """The counter's key: the rule and a digest of the subject, 49 characters at most
        whatever the subject (an e-mail of 187+ characters once overflowed the key column,
        a 500 for its whole batch, and was never counted)."""
        return f"{rule_name}:{hashlib.blake2b(subject.encode(), digest_size=16).hexdigest()}"

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
        count = await self.store.hit(self.key(rule_name, subject), start, rule.window + 5)
        if count > rule.limit:
            self._refuse(rule_name, retry_after)

    @staticmethod
    def _refuse(rule_name: str, retry_after: int) -> None:
        message = feature_rules()[rule_name].message
        raise TooManyRequests(
            f"{message} Please wait {retry_after} seconds and try again.",
            retry_after=retry_after,
        )


def make_rate_limiter(app_state: Any, settings: Settings) -> RateLimiter:
    """The limiter that ``create_app`` keeps as ``RATE_LIMITER`` (``core/app_state.py``)."""
    is_sqlite = settings.is_sqlite
    kind = settings.rate_limit_store or ("memory" if is_sqlite else "database")
    store: CounterStore
    if kind == "redis":
        store = RedisStore(settings.redis_url)
    elif kind == "database" and not is_sqlite:
        store = DatabaseStore(app_state)
    else:
        store = MemoryStore()
    return RateLimiter(store, rules_from_settings(settings), settings.rate_limits)


def client_address(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    """The client's address (behind a proxy, run kyoso serve --forwarded-allow-ips)."""
    return connection.client.host if connection.client else "unknown"


async def count_request(
    connection: ASGIConnection[Any, Any, Any, Any], rule_name: str, per: Subject = "account"
) -> None:
    """Count this request against ``rule_name`` (per account, or per address when anonymous or
    ``per="address"``); over the limit raises ``TooManyRequests``."""
    user = connection.scope.get("user")
    if per == "account" and user is not None:
        subject = f"user:{user.id}"
    else:
        subject = f"addr:{client_address(connection)}"
    await RATE_LIMITER.of(connection).hit(rule_name, subject)


def rate_limited(rule_name: str, per: Subject = "account") -> Any:
    """Guard form of ``count_request``. (The vote routes call ``count_request`` in the handler
    instead: Litestar copies the route handler for every guard it runs, about 5 % of a vote's
    CPU under a surge.)"""

    @answers(429)
    async def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        await count_request(connection, rule_name, per)

    return guard


async def count_login_attempt(limiter: RateLimiter, address: str, account: str) -> None:
    """Before checking a password, count this attempt for the address and for the (normalised)
    account, right or wrong, and refuse it when either is over. Each count is one atomic
    increment in the store, so n simultaneous guesses get at most ``limit`` verifications
    (checking first and counting failures afterwards let 60 at once all be verified)."""
    await asyncio.gather(
        limiter.hit("login_address", address),
        limiter.hit("login_account", account),
    )
