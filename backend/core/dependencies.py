"""The ``db`` dependency every controller can ask for by name (the users feature adds ``user``
and ``viewer``: ``backend/users/dependencies.py``)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from litestar import Request
from litestar.di import NamedDependency, Provide
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.app_state import DATABASE

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def _provide_db_session(
    request: Request[Any, Any, Any], viewer: NamedDependency[object]
) -> AsyncIterator[AsyncSession]:
    """One transaction per request, committed before the response is sent; unsafe methods get
    a writer session (on SQLite it takes the write lock up front).

    It asks for ``viewer`` only to be resolved after ``user``: Litestar resolves dependencies of
    one depth together and, when one raises (``user`` for a signed-out request), never closes a
    generator of the same batch. That session was then closed by the garbage collector, whose
    finalizers logged "aclose(): asynchronous generator is already running"."""
    async with DATABASE.of(request).session(write=request.method not in SAFE_METHODS) as session:
        yield session


dependencies = {"db": Provide(_provide_db_session)}

# Explicit marker for handler signatures (Litestar 3 no longer infers dependencies).
Db = NamedDependency[AsyncSession]
