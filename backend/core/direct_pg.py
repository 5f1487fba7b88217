"""A small asyncpg pool of its own, for the two things every vote request does on PostgreSQL:
the session lookup and the vote writer's transaction.

SQLAlchemy's per-statement work (execution context, compiled-cache lookup, result processing;
and, for ``IN`` lists whose length varies, a fresh server-side PREPARE per batch size) was the
largest share of a vote's CPU under a surge. These paths therefore send fixed SQL texts with
array parameters, which asyncpg prepares once per connection. Everything else stays on the
SQLAlchemy engine.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
from sqlalchemy.engine import make_url

from backend.core.errors import ServiceUnavailable

# Driver errors that mean "the database cannot serve us right now" (an outage, a restart, a
# connection an outage left mid-operation), not a bug: answered with 503.
UNAVAILABLE = (OSError, asyncio.TimeoutError, asyncpg.InterfaceError,
               asyncpg.PostgresConnectionError, asyncpg.CannotConnectNowError,
               asyncpg.AdminShutdownError, asyncpg.CrashShutdownError,
               asyncpg.TooManyConnectionsError, asyncpg.InternalClientError)

UNAVAILABLE_DETAIL = "The database is not reachable right now. Please try again in a few seconds."


async def _nothing_to_reset(_: asyncpg.Connection) -> None:
    """Users of this pool keep no session state (no SET, LISTEN or open transaction), so the
    pool's reset on release (a server round trip: RESET ALL, UNLISTEN *, ...) is skipped."""


class DirectPool:
    def __init__(self, database_url: str, size: int) -> None:
        url = make_url(database_url)
        self._dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
        self._size = size
        self._pool: asyncpg.Pool | None = None
        self._opening = asyncio.Lock()

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[asyncpg.Connection]:
        """A pooled connection; a driver error that means an outage becomes ServiceUnavailable
        and the pool starts again from fresh connections. A connection the server closed while
        idle (a restart, ``pg_terminate_backend``) is replaced by asyncpg at acquire, so only
        a request whose statement was in flight at that moment gets the 503."""
        try:
            pool = await self._open()
            async with pool.acquire() as connection:
                yield connection
        except UNAVAILABLE as error:
            if self._pool is not None:
                await self._pool.expire_connections()
            raise ServiceUnavailable(UNAVAILABLE_DETAIL) from error

    async def _open(self) -> asyncpg.Pool:
        if self._pool is None:
            async with self._opening:
                if self._pool is None:
                    self._pool = await asyncpg.create_pool(
                        self._dsn, min_size=1, max_size=self._size, timeout=5,
                        command_timeout=10, reset=_nothing_to_reset,
                    )
        return self._pool

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()
            self._pool = None
