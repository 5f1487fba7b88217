"""Routes: password reset and e-mail confirmation (/api/v1/auth/…). They only queue e-mail;
the mail sender sends it (backend/mail/sender.py)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, post

from backend.core.app_state import RATE_LIMITER, SETTINGS
from backend.core.dependencies import Db
from backend.core.errors import Conflict, InvalidInput, TooManyRequests, documented_errors
from backend.core.ratelimit import RateLimiter, client_address, rate_limited
from backend.mail import account
from backend.mail.schemas import (
    EmailConfirmation,
    MailAccepted,
    PasswordResetConfirm,
    PasswordResetRequest,
)
from backend.users.auth import signed_in
from backend.users.dependencies import SignedInUser
from backend.users.schemas import UserOut
from backend.users.services import get_user, normalise_email, user_out

RESET_ACCEPTED = MailAccepted(
    "If an account uses this e-mail address, a link to set a new password is on its way. "
    "It works for one hour."
)


class AccountMailController(Controller):
    path = "/api/v1/auth"
    tags = ["auth"]

    @post(
        "/password-reset",
        status_code=202,
        raises=documented_errors(TooManyRequests),
        summary="Ask for a password-reset e-mail",
        description="Answers 202 with the same body whether or not the address has an "
        "account; the e-mail (a link valid for one hour, usable once) is sent in the "
        "background. Rate-limited per client address and per e-mail address.",
    )
    async def request_reset(
        self, request: Request[Any, Any, Any], db: Db, data: PasswordResetRequest
    ) -> MailAccepted:
        email = normalise_email(data.email)
        limiter: RateLimiter = RATE_LIMITER.of(request)
        await limiter.hit("password_reset_address", client_address(request))
        await limiter.hit("password_reset_account", email)
        await account.request_password_reset(db, SETTINGS.of(request), email)
        return RESET_ACCEPTED

    @post(
        "/password-reset/confirm",
        status_code=204,
        raises=documented_errors(InvalidInput),
        summary="Set a new password with the token from the e-mail",
        description="The token works once and for one hour (422 otherwise). Every session "
        "of the account ends; sign in with the new password.",
    )
    async def confirm_reset(self, db: Db, data: PasswordResetConfirm) -> None:
        await account.reset_password(db, data.token, data.password)

    @post(
        "/confirm-email",
        status_code=200,
        raises=documented_errors(InvalidInput),
        summary="Confirm my e-mail address with the token from the e-mail",
    )
    async def confirm_email(self, db: Db, data: EmailConfirmation) -> UserOut:
        return user_out(await account.confirm_email(db, data.token))

    @post(
        "/confirm-email/resend",
        status_code=202,
        guards=[signed_in, rate_limited("confirm_resend")],
        raises=documented_errors(Conflict, TooManyRequests),
        summary="Send the confirmation e-mail again",
    )
    async def resend_confirmation(
        self, request: Request[Any, Any, Any], db: Db, user: SignedInUser
    ) -> MailAccepted:
        me = await get_user(db, user.id)
        if me.email_confirmed_at is not None:
            raise Conflict("Your e-mail address is already confirmed.")
        await account.send_confirmation(db, SETTINGS.of(request), me)
        return MailAccepted(f"A confirmation e-mail is on its way to {me.email}.")
