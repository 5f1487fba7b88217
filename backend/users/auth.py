"""Cookie sessions: the middleware that identifies the user, and the role guards.

Browsers and API clients both use the ``kyoso_session`` cookie (HttpOnly, SameSite=Lax); every
unsafe method also needs the CSRF double-submit token (cookie ``csrftoken`` echoed in the
``X-CSRFToken`` header).
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult
from sqlalchemy import select

from backend.core.database import Database, utcnow
from backend.core.errors import Forbidden, Unauthenticated
from backend.core.security import token_digest
from backend.users.models import User, UserSession

SESSION_COOKIE = "kyoso_session"


class CurrentUser(msgspec.Struct, frozen=True):
    id: int
    role: str
    display_name: str
    district_code: str | None
    age_band: str | None
    language: str


class SessionAuthMiddleware(AbstractAuthenticationMiddleware):
    """Attach the signed-in user (or ``None``) to every request; never rejects by itself."""

    async def authenticate_request(
        self, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> AuthenticationResult:
        token = connection.cookies.get(SESSION_COOKIE)
        if not token:
            return AuthenticationResult(user=None, auth=None)
        database: Database = connection.app.state.db
        digest = token_digest(token)
        async with database.session(write=False) as session:
            row = (
                await session.execute(
                    select(User)
                    .join(UserSession, UserSession.user_id == User.id)
                    .where(UserSession.token_hash == digest, UserSession.expires_at > utcnow())
                )
            ).scalar_one_or_none()
        if row is None or not row.is_active:
            return AuthenticationResult(user=None, auth=None)
        user = CurrentUser(
            row.id, row.role, row.display_name, row.district_code, row.age_band, row.language
        )
        return AuthenticationResult(user=user, auth=digest)


def optional_user(connection: ASGIConnection[Any, Any, Any, Any]) -> CurrentUser | None:
    return connection.scope.get("user")  # type: ignore[return-value]


def require_user(connection: ASGIConnection[Any, Any, Any, Any]) -> CurrentUser:
    user = optional_user(connection)
    if user is None:
        raise Unauthenticated("Please sign in to do this.")
    return user


def signed_in(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """Guard: any signed-in user."""
    require_user(connection)


def role_guard(*roles: str, action: str) -> Any:
    """Guard factory: the signed-in user must hold one of ``roles``."""
    allowed = frozenset(roles)

    def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        user = require_user(connection)
        if user.role not in allowed:
            raise Forbidden(f"Your role ({user.role}) may not {action}.")

    return guard


staff_only = role_guard("planner", "admin", action="do staff work")
readers_only = role_guard("planner", "council", "admin", action="read staff dashboards")
admin_only = role_guard("admin", action="administer users or read the audit log")
