"""Dependencies every controller can ask for by name: ``db``, ``user`` and ``viewer``."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.di import NamedDependency, Provide
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.database import provide_db_session
from backend.users.auth import CurrentUser, optional_user, require_user


def _provide_user(request: Request[Any, Any, Any]) -> CurrentUser:
    return require_user(request)


def _provide_viewer(request: Request[Any, Any, Any]) -> CurrentUser | None:
    return optional_user(request)


dependencies = {
    "db": Provide(provide_db_session),
    "user": Provide(_provide_user, sync_to_thread=False),
    "viewer": Provide(_provide_viewer, sync_to_thread=False),
}

# Explicit markers for handler signatures (Litestar 3 no longer infers dependencies).
Db = NamedDependency[AsyncSession]
SignedInUser = NamedDependency[CurrentUser]
Viewer = NamedDependency[CurrentUser | None]
