"""Request and response shapes of the account e-mails."""

from __future__ import annotations

from typing import Annotated

import msgspec

from backend.users.schemas import Email, Password

Token = Annotated[str, msgspec.Meta(min_length=10, max_length=100)]


class PasswordResetRequest(msgspec.Struct, forbid_unknown_fields=True):
    email: Email


class PasswordResetConfirm(msgspec.Struct, forbid_unknown_fields=True):
    token: Token
    password: Password  # the rules of sign-up


class EmailConfirmation(msgspec.Struct, forbid_unknown_fields=True):
    token: Token


class MailAccepted(msgspec.Struct):
    """The same answer whatever happened behind it."""

    detail: str
