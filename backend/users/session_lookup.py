"""Who holds this session token? The one query every signed-in request makes.

On PostgreSQL the lookups are batched: the tokens of all requests that arrive while a lookup is
in flight are resolved by the next single query (``token_hash = ANY($1)``) on an asyncpg
connection of the lookup's own (``core/fastpath``). Under a vote surge that turned one
statement per request (pool checkout, round trip, a PostgreSQL backend woken each time) into one
per ~50 requests, and the surge went from 980 to 1,390 votes/s; at low load a batch is the one
request, with no added wait. On SQLite (one process, a town's load) each lookup is the same
statement with one token, on the shared engine. Nothing is cached: a signed-out, expired or
deactivated session stops working at once, in every API process.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import DateTime, String, bindparam, select

from backend.core.app_state import StateKey
from backend.core.database import Database, utcnow
from backend.core.fastpath import Batched, DirectPool, any_of, fetch, list_param
from backend.users.models import User, UserSession

_USER_COLUMNS = (
    User.id,
    User.role,
    User.display_name,
    User.district_code,
    User.age_band,
    User.language,
    User.terms_version,
    User.privacy_version,
    User.email_confirmed_at.is_not(None),
    User.verification_level,
)

# (token_hash, *_USER_COLUMNS) of the sessions whose token hash is in the list ``digests``
_SIGNED_IN_USERS = (
    select(UserSession.token_hash, *_USER_COLUMNS)
    .join(UserSession, UserSession.user_id == User.id)
    .where(
        any_of(UserSession.token_hash, list_param("digests", String())),
        UserSession.expires_at > bindparam("now", type_=DateTime(timezone=True)),
        User.is_active.is_(True),
    )
)

Row = tuple[Any, ...]


class SessionLookup:
    def __init__(self, database: Database) -> None:
        self._database = database
        self._direct = (
            None
            if database.settings.is_sqlite
            else DirectPool(database.settings.database_url, size=1)
        )
        self.batched: Batched[str, Row | None] = Batched(self._users, "kyoso-session-lookup")

    async def user_row(self, digest: str) -> Row | None:
        """(id, role, display_name, district_code, age_band, language, terms_version,
        privacy_version, email_confirmed, verification_level) or ``None``."""
        if self._direct is None:
            async with self._database.autocommit.connect() as connection:
                row = (
                    await connection.execute(
                        _SIGNED_IN_USERS, {"digests": [digest], "now": utcnow()}
                    )
                ).first()
            return None if row is None else tuple(row)[1:]
        return await self.batched(digest)

    async def _users(self, digests: Sequence[str]) -> list[Row | None]:
        assert self._direct is not None
        async with self._direct.connection() as connection:
            rows = await fetch(
                connection, _SIGNED_IN_USERS, {"digests": list(set(digests)), "now": utcnow()}
            )
        found = {row[0]: tuple(row)[1:] for row in rows}
        return [found.get(digest) for digest in digests]

    async def close(self) -> None:
        await self.batched.close()
        if self._direct is not None:
            await self._direct.close()


SESSION_LOOKUP: StateKey[SessionLookup] = StateKey("session_lookup")
