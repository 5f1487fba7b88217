"""Dependencies every controller can ask for by name: ``db``, ``user`` and ``viewer``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from litestar import Request
from litestar.di import NamedDependency, Provide
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.database import Database
from backend.users.auth import CurrentUser, optional_user, require_user

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def signed_in_user(request: Request[Any, Any, Any]) -> CurrentUser:
    """The signed-in user; a resident's write also needs consent to the current terms. The
    ``user`` dependency; the vote routes call it themselves (a dependency costs a signature
    check per request, 5 % of a vote)."""
    user = require_user(request)
    if user.role == "resident" and request.method not in SAFE_METHODS:
        await request.app.state.consent.require(user, request.route_handler.opt)
    return user


def _provide_viewer(request: Request[Any, Any, Any]) -> CurrentUser | None:
    return optional_user(request)


async def _provide_db_session(
    request: Request[Any, Any, Any], viewer: NamedDependency[CurrentUser | None]
) -> AsyncIterator[AsyncSession]:
    """One transaction per request, committed before the response is sent; unsafe methods get
    a writer session (on SQLite it takes the write lock up front).

    It asks for ``viewer`` only to be resolved after ``user``: Litestar resolves dependencies of
    one depth together and, when one raises (``user`` for a signed-out request), never closes a
    generator of the same batch. That session was then closed by the garbage collector, whose
    finalizers logged "aclose(): asynchronous generator is already running"."""
    database: Database = request.app.state.db
    async with database.session(write=request.method not in SAFE_METHODS) as session:
        yield session


dependencies = {
    "db": Provide(_provide_db_session),
    "user": Provide(signed_in_user),
    "viewer": Provide(_provide_viewer, sync_to_thread=False),
}

# Explicit markers for handler signatures (Litestar 3 no longer infers dependencies).
Db = NamedDependency[AsyncSession]
SignedInUser = NamedDependency[CurrentUser]
Viewer = NamedDependency[CurrentUser | None]
