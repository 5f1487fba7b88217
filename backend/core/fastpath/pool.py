"""Small asyncpg connection pools of their own, for what every signed-in request or vote does on
PostgreSQL: the session lookup, the proposal reads and the vote writer's transaction.

SQLAlchemy's per-statement work (execution context, compiled-cache lookup, result processing;
and, for ``IN`` lists whose length varies, a fresh server-side PREPARE per batch size) was the
largest share of a vote's CPU under a surge. These paths therefore send fixed SQL texts with
array parameters, which asyncpg prepares once per connection. Everything else stays on the
SQLAlchemy engine.
"""

from __future__ import annotations

import asyncio
from collections import deque
from datetime import datetime

import asyncpg
from sqlalchemy.engine import make_url

from backend.core.errors import ServiceUnavailable

# Driver errors that mean "the database cannot serve us right now" (an outage, a restart, a
# connection an outage left mid-operation), not a bug: answered with 503.
UNAVAILABLE = (
    OSError,
    asyncio.TimeoutError,
    asyncpg.InterfaceError,
    asyncpg.PostgresConnectionError,
    asyncpg.CannotConnectNowError,
    asyncpg.AdminShutdownError,
    asyncpg.CrashShutdownError,
    asyncpg.TooManyConnectionsError,
    asyncpg.InternalClientError,
)

UNAVAILABLE_DETAIL = "The database is not reachable right now. Please try again in a few seconds."

Waiter = asyncio.Future[asyncpg.Connection | None]


async def _connect(dsn: str) -> asyncpg.Connection:
    """A connection whose ``timestamptz`` values travel as text and are read with
    ``datetime.fromisoformat``: asyncpg's binary decoder builds each aware datetime in Python
    arithmetic, and a page of 20 proposals has 42 of them: fetching them took 62 µs of CPU in
    binary, 41 µs as text (about 5 % of a signed-in list's ~0.4 ms). The session is in UTC,
    so the values read are UTC as before (``+00``) and the API still writes ``Z``."""
    connection = await asyncpg.connect(
        dsn, timeout=5, command_timeout=10, server_settings={"TimeZone": "UTC"}
    )
    try:
        await connection.set_type_codec(
            "timestamptz",
            schema="pg_catalog",
            format="text",
            encoder=datetime.isoformat,
            decoder=datetime.fromisoformat,
        )
    except BaseException:
        connection.terminate()
        raise
    return connection


class DirectPool:
    """At most ``size`` asyncpg connections, lent to one user at a time, first come first
    served, opened when first needed.

    Not asyncpg's own pool: its acquire and release (a queue, a holder, a proxy object, and
    ``asyncio.shield`` around a task that resets the connection) were a tenth of a signed-in
    proposal list's CPU (bench/profile_requests.py). The users of these pools keep no session
    state (no SET, LISTEN or transaction left open), so nothing needs resetting: a connection
    goes back as it is, unless its user was cut off mid-statement or it broke; then it is
    closed, and a new one is opened in its place when next needed."""

    def __init__(self, database_url: str, size: int) -> None:
        url = make_url(database_url)
        self._dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
        self._size = size
        self._idle: list[asyncpg.Connection] = []
        self._lent: set[asyncpg.Connection] = set()
        self._retired: set[asyncpg.Connection] = set()  # lent when ``close`` ran: closed on return
        self._waiting: deque[Waiter] = deque()
        self._count = 0  # connections open, being opened, or promised to a waiter
        self._closing: set[asyncio.Task[None]] = set()

    def connection(self) -> _Lease:
        """``async with pool.connection() as connection``: a connection; a driver error that
        means an outage becomes ServiceUnavailable and the idle connections are closed. A
        connection the server closed while idle (a restart, ``pg_terminate_backend``) is
        noticed at acquire and replaced, so only a user whose statement was in flight at that
        moment gets the 503."""
        return _Lease(self)

    async def acquire(self) -> asyncpg.Connection:
        while self._idle:
            connection = self._idle.pop()
            if not connection.is_closed():
                self._lent.add(connection)
                return connection
            self._count -= 1
        if self._count < self._size:
            self._count += 1
        else:
            waiter: Waiter = asyncio.get_running_loop().create_future()
            self._waiting.append(waiter)
            try:
                handed = await waiter
            except asyncio.CancelledError:
                if waiter.done() and not waiter.cancelled():  # handed over, then cancelled
                    self._pass_on(waiter.result())
                raise
            if handed is not None and not handed.is_closed():
                self._lent.add(handed)
                return handed
            # None, or a connection that closed on its way: its place is ours to fill
        try:
            connection = await _connect(self._dsn)
        except BaseException:
            self._pass_on(None)
            raise
        self._lent.add(connection)
        return connection

    def give_back(self, connection: asyncpg.Connection, reusable: bool) -> None:
        self._lent.discard(connection)
        retired = connection in self._retired
        self._retired.discard(connection)
        if connection.is_closed():
            self._pass_on(None)
        elif not reusable or retired or connection.is_in_transaction():
            # close() rather than terminate(): it first has the server cancel a statement
            # still running, which would otherwise run on to its end for nobody
            closing = asyncio.get_running_loop().create_task(connection.close(timeout=5))
            self._closing.add(closing)
            closing.add_done_callback(self._closed)
            self._pass_on(None)
        else:
            self._pass_on(connection)

    def _closed(self, closing: asyncio.Task[None]) -> None:
        self._closing.discard(closing)
        if not closing.cancelled():
            closing.exception()  # retrieved: a failed close has nothing left to clean up

    def _pass_on(self, connection: asyncpg.Connection | None) -> None:
        """A connection (or, with None, the place of one that was closed) goes to the first
        request still waiting, else back to the pool."""
        while self._waiting:
            waiter = self._waiting.popleft()
            if not waiter.done():
                waiter.set_result(connection)
                return
        if connection is None:
            self._count -= 1
        else:
            self._idle.append(connection)

    def close_idle(self) -> None:
        for connection in self._idle:
            connection.terminate()
        self._count -= len(self._idle)
        self._idle.clear()

    async def close(self) -> None:
        """Close the idle connections now and the lent ones when they come back (the pool
        opens new ones if it is used again)."""
        idle, self._idle = self._idle, []
        self._count -= len(idle)
        self._retired |= self._lent
        await asyncio.gather(
            *(connection.close(timeout=5) for connection in idle),
            *self._closing,
            return_exceptions=True,
        )


class _Lease:
    """One use of a pooled connection (a class rather than ``@asynccontextmanager``: a
    generator-based context manager costs twice as much, on every request)."""

    __slots__ = ("_connection", "_pool")

    def __init__(self, pool: DirectPool) -> None:
        self._pool = pool
        self._connection: asyncpg.Connection | None = None

    async def __aenter__(self) -> asyncpg.Connection:
        try:
            self._connection = await self._pool.acquire()
        except UNAVAILABLE as error:
            raise ServiceUnavailable(UNAVAILABLE_DETAIL) from error
        return self._connection

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: object
    ) -> None:
        connection, self._connection = self._connection, None
        assert connection is not None
        if error is None:
            self._pool.give_back(connection, reusable=True)
        elif isinstance(error, UNAVAILABLE):
            self._pool.give_back(connection, reusable=False)
            self._pool.close_idle()
            raise ServiceUnavailable(UNAVAILABLE_DETAIL) from error
        else:
            # a statement's own error (a value the column cannot hold) leaves the connection
            # ready; a cancelled one may still be running on the server
            self._pool.give_back(connection, reusable=isinstance(error, Exception))
