"""The ``user`` and ``viewer`` dependencies (registered app-wide by the users manifest)."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.di import NamedDependency, Provide

from backend.core.dependencies import SAFE_METHODS
from backend.site.consent import CONSENT
from backend.users.auth import CurrentUser, optional_user, require_user


async def signed_in_user(request: Request[Any, Any, Any]) -> CurrentUser:
    """The signed-in user; a resident's write also needs consent to the current terms. The
    ``user`` dependency; the vote routes call it themselves (a dependency costs a signature
    check per request, 5 % of a vote)."""
    user = require_user(request)
    if user.role == "resident" and request.method not in SAFE_METHODS:
        await CONSENT.of(request).require(user, request.route_handler.opt)
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
