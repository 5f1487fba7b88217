"""Routes: my notification e-mail settings, and one-click unsubscribe (RFC 8058)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from litestar import Controller, Request, Response, get, post, put
from litestar.status_codes import HTTP_303_SEE_OTHER

from backend.core.app_state import SETTINGS
from backend.core.dependencies import Db
from backend.core.errors import InvalidInput, documented_errors
from backend.notifications import services
from backend.notifications.schemas import NotificationSettings, Unsubscribed, UnsubscribeToken
from backend.users.auth import signed_in
from backend.users.dependencies import CONSENT_EXEMPT, SignedInUser

UNSUBSCRIBE_PATH = "/api/v1/notifications/unsubscribe"


class MyNotificationsController(Controller):
    path = "/api/v1/auth/me/notifications"
    tags = ["notifications"]
    guards = [signed_in]

    @get("/", summary="Which notices I receive by e-mail")
    async def notification_settings(self, db: Db, user: SignedInUser) -> NotificationSettings:
        return await services.preferences(db, user.id)

    @put("/", opt=CONSENT_EXEMPT, summary="Choose which notices I receive by e-mail, and how often")
    async def update_notification_settings(
        self, db: Db, user: SignedInUser, data: NotificationSettings
    ) -> NotificationSettings:
        return await services.save_preferences(db, user.id, data)


class UnsubscribeController(Controller):
    path = UNSUBSCRIBE_PATH
    tags = ["notifications"]

    @post(
        "/",
        opt=CONSENT_EXEMPT,
        status_code=200,
        raises=documented_errors(InvalidInput),
        summary="Stop every notification e-mail (one-click unsubscribe)",
        description="The URL of the e-mails' `List-Unsubscribe` header; mail programs POST "
        "`List-Unsubscribe=One-Click` to it (RFC 8058). Needs no sign-in and no CSRF token: "
        "the signed token says whose e-mails stop.",
    )
    async def unsubscribe(
        self, request: Request[Any, Any, Any], db: Db, token: UnsubscribeToken
    ) -> Unsubscribed:
        user_id = services.unsubscribe_user(SETTINGS.of(request).secret_key, token)
        if user_id is None:
            raise InvalidInput(
                "This unsubscribe link is not valid. Change your notification "
                "settings on your profile page instead."
            )
        await services.unsubscribe(db, user_id)
        return Unsubscribed(
            "You will receive no more notification e-mails from Kyoso. You "
            "can switch them on again on your profile page."
        )

    @get(
        "/",
        summary="Opened in a browser: the page that confirms unsubscribing",
        status_code=HTTP_303_SEE_OTHER,
    )
    async def unsubscribe_page(self, token: UnsubscribeToken) -> Response[None]:
        return Response(
            None,
            status_code=HTTP_303_SEE_OTHER,
            headers={"Location": f"/unsubscribe?token={quote(token)}"},
        )
