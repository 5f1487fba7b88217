"""Typed keys for what the app keeps on ``app.state`` (one object per API process).

``app.state`` is untyped: ``request.app.state.vote_writer`` is ``Any`` to mypy, and a misspelt
name is found by a resident. A ``StateKey[T]`` names one entry once, with its type, so that
``VOTE_WRITER.of(request)`` is a ``VoteWriter`` wherever it is read. The feature that owns an
object declares its key beside it and fills it from its manifest (``core/features.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from litestar import Litestar
from litestar.connection import ASGIConnection

if TYPE_CHECKING:
    from backend.core.config import Settings
    from backend.core.csrf import SessionCsrf
    from backend.core.database import Database
    from backend.core.ratelimit import RateLimiter
    from backend.core.storage import FileStore

T = TypeVar("T")


@dataclass(frozen=True)
class StateKey(Generic[T]):
    """One entry of ``app.state``: ``name`` is the attribute, ``T`` the object's type."""

    name: str

    def get(self, app: Litestar) -> T:
        return cast(T, getattr(app.state, self.name))

    def of(self, connection: ASGIConnection[Any, Any, Any, Any]) -> T:
        """The entry of the app serving ``connection`` (a request or a guard's connection)."""
        return self.get(connection.app)

    def set(self, app: Litestar, value: T) -> None:
        setattr(app.state, self.name, value)


SETTINGS: StateKey[Settings] = StateKey("settings")
DATABASE: StateKey[Database] = StateKey("db")
CSRF: StateKey[SessionCsrf] = StateKey("csrf")
STORAGE: StateKey[FileStore] = StateKey("storage")
RATE_LIMITER: StateKey[RateLimiter] = StateKey("rate_limiter")
