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

from backend.core.errors import Forbidden, Unauthenticated
from backend.core.messages import N_
from backend.core.openapi import answers
from backend.core.security import SESSION_COOKIE, token_digest
from backend.users.session_lookup import SESSION_LOOKUP
from backend.verification.levels import user_level


class CurrentUser(msgspec.Struct, frozen=True):
    id: int
    role: str
    display_name: str
    district_code: str | None
    age_band: str | None
    language: str
    terms_version: int = 0  # accepted versions (backend/site/consent.py)
    privacy_version: int = 0
    email_confirmed: bool = False
    verification_level: str | None = None  # a granted tier (postcard, counter), if any

    @property
    def level(self) -> str:
        """The verification tier (backend/verification/levels.py), from the session's row:
        checking a process's minimum costs no query."""
        return user_level(self.verification_level, self.email_confirmed)


class SessionAuthMiddleware(AbstractAuthenticationMiddleware):
    """Attach the signed-in user (or ``None``) to every request; never rejects by itself."""

    async def authenticate_request(
        self, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> AuthenticationResult:
        token = connection.cookies.get(SESSION_COOKIE)
        if not token:
            return AuthenticationResult(user=None, auth=None)
        lookup = SESSION_LOOKUP.of(connection)
        digest = token_digest(token)
        row = await lookup.user_row(digest)
        if row is None:
            return AuthenticationResult(user=None, auth=None)
        return AuthenticationResult(user=CurrentUser(*row), auth=digest)


def optional_user(connection: ASGIConnection[Any, Any, Any, Any]) -> CurrentUser | None:
    return connection.scope.get("user")


def require_user(connection: ASGIConnection[Any, Any, Any, Any]) -> CurrentUser:
    user = optional_user(connection)
    if user is None:
        raise Unauthenticated("Please sign in to do this.")
    return user


# Guards are async: Litestar runs a sync guard in a worker thread, a thread hop per request.
@answers(401)
async def signed_in(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """Guard: any signed-in user."""
    require_user(connection)


def role_guard(*roles: str, action: str) -> Any:
    """Guard factory: the signed-in user must hold one of ``roles``."""
    allowed = frozenset(roles)

    @answers(401, 403)
    async def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        user = require_user(connection)
        if user.role not in allowed:
            raise Forbidden(f"Your role ({user.role}) may not {action}.")

    return guard


staff_only = role_guard("planner", "admin", action=N_("do staff work"))
readers_only = role_guard("planner", "council", "admin", action=N_("read staff dashboards"))
admin_only = role_guard("admin", action=N_("administer users or read the audit log"))
