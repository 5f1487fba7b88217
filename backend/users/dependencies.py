"""The ``user`` and ``viewer`` dependencies (registered app-wide by the users manifest)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Request
from litestar.di import NamedDependency, Provide

from backend.core.dependencies import SAFE_METHODS
from backend.core.features import HookPoint
from backend.users.auth import CurrentUser, optional_user, require_user

# route handlers a resident may call before accepting new terms (their ``opt``): reading and
# accepting the new terms, switching the language, signing out
CONSENT_EXEMPT = {"consent_exempt": True}
# The site feature publishes the terms and their versions (it sits above users: its routes
# need signed-in users), so it implements this: refuse a resident who has not accepted them.
REQUIRE_CONSENT: HookPoint[Callable[[Request[Any, Any, Any], CurrentUser], Awaitable[None]]] = (
    HookPoint("require_consent")
)


async def signed_in_user(request: Request[Any, Any, Any]) -> CurrentUser:
    """The signed-in user; a resident's write also needs consent to the current terms. The
    ``user`` dependency; the vote routes call it themselves (a dependency costs a signature
    check per request, 5 % of a vote)."""
    user = require_user(request)
    if (
        user.role == "resident"
        and request.method not in SAFE_METHODS
        and not request.route_handler.opt.get("consent_exempt")
    ):
        await REQUIRE_CONSENT.implementation(request, user)
    return user


def _provide_viewer(request: Request[Any, Any, Any]) -> CurrentUser | None:
    return optional_user(request)


user_dependencies = {
    "user": Provide(signed_in_user),
    "viewer": Provide(_provide_viewer, sync_to_thread=False),
}

# Explicit markers for handler signatures (Litestar 3 no longer infers dependencies).
SignedInUser = NamedDependency[CurrentUser]
Viewer = NamedDependency[CurrentUser | None]
