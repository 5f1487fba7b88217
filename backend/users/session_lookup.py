"""Who holds this session token? The one query every signed-in request makes.

Measured on the 2-core benchmark machine (`bench/load_votes.py`): through SQLAlchemy Core the
lookup costs ~0.42 ms of CPU (connection checkout, execution context, result processing),
as a prepared asyncpg statement ~0.08 ms; under a vote surge that was a quarter of each
request. On PostgreSQL it therefore runs on a small asyncpg pool of its own; on SQLite (one
process, a town's load) on the shared engine. Nothing is cached: a signed-out, expired or
deactivated session stops working at once, in every API process.
"""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg
from sqlalchemy import bindparam, select
from sqlalchemy.engine import make_url

from backend.core.database import Database, utcnow
from backend.core.errors import ServiceUnavailable
from backend.users.models import User, UserSession

_USER_COLUMNS = (User.id, User.role, User.display_name, User.district_code, User.age_band,
                 User.language)

SIGNED_IN_USER = (
    select(*_USER_COLUMNS)
    .join(UserSession, UserSession.user_id == User.id)
    .where(UserSession.token_hash == bindparam("digest"),
           UserSession.expires_at > bindparam("now"), User.is_active.is_(True))
)

_SIGNED_IN_USER_SQL = (
    "SELECT u.id, u.role, u.display_name, u.district_code, u.age_band, u.language "
    "FROM users u JOIN user_sessions s ON s.user_id = u.id "
    "WHERE s.token_hash = $1 AND s.expires_at > now() AND u.is_active"
)

_UNAVAILABLE = (OSError, asyncio.TimeoutError, asyncpg.InterfaceError,
                asyncpg.PostgresConnectionError, asyncpg.CannotConnectNowError,
                asyncpg.AdminShutdownError, asyncpg.CrashShutdownError,
                asyncpg.TooManyConnectionsError,
                asyncpg.InternalClientError)  # a connection left mid-operation by an outage


async def _nothing_to_reset(_: asyncpg.Connection) -> None:
    """These connections only ever run the one read outside a transaction, so the pool's
    default reset on release (a server round trip: RESET ALL, UNLISTEN *, ...) is skipped."""


class SessionLookup:
    def __init__(self, database: Database, pool_size: int = 4) -> None:
        self._database = database
        self._pool_size = pool_size
        self._pool: asyncpg.Pool | None = None
        self._opening = asyncio.Lock()

    async def user_row(self, digest: str) -> tuple[Any, ...] | None:
        """(id, role, display_name, district_code, age_band, language) or ``None``."""
        if self._database.settings.is_sqlite:
            async with self._database.autocommit.connect() as connection:
                row = (await connection.execute(SIGNED_IN_USER,
                                                {"digest": digest, "now": utcnow()})).first()
            return None if row is None else tuple(row)
        try:
            pool = await self._open()
            row = await pool.fetchrow(_SIGNED_IN_USER_SQL, digest)
        except _UNAVAILABLE as error:
            if self._pool is not None:  # after an outage, start from fresh connections
                await self._pool.expire_connections()
            raise ServiceUnavailable(
                "The database is not reachable right now. Please try again in a few seconds."
            ) from error
        return None if row is None else tuple(row)

    async def _open(self) -> asyncpg.Pool:
        if self._pool is None:
            async with self._opening:
                if self._pool is None:
                    url = make_url(self._database.settings.database_url)
                    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
                    self._pool = await asyncpg.create_pool(
                        dsn, min_size=1, max_size=self._pool_size, timeout=5,
                        command_timeout=10, reset=_nothing_to_reset,
                    )
        return self._pool

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()
            self._pool = None
