"""Single-use e-mail tokens (password reset, address confirmation): only the hash is kept."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.database import changed_rows, utcnow
from backend.core.errors import InvalidInput
from backend.core.security import new_session_token, token_digest
from backend.mail.models import EmailToken
from backend.users.models import User

LIFETIME = {"password_reset": timedelta(hours=1), "confirm_email": timedelta(days=7)}
INVALID = {
    "password_reset": "This password-reset link is invalid, used already or expired (links "
    "work for an hour). Ask for a new one.",
    "confirm_email": "This confirmation link is invalid, used already or expired. Sign in and "
    "ask for a new confirmation e-mail.",
}


async def issue_token(session: AsyncSession, user: User, purpose: str) -> str:
    """A fresh token for ``user``; earlier unused ones of the same purpose stop working."""
    await session.execute(
        delete(EmailToken).where(
            EmailToken.user_id == user.id,
            EmailToken.purpose == purpose,
            EmailToken.used_at.is_(None),
        )
    )
    token = new_session_token()
    session.add(
        EmailToken(
            token_hash=token_digest(token),
            user_id=user.id,
            purpose=purpose,
            email=user.email,
            expires_at=utcnow() + LIFETIME[purpose],
        )
    )
    return token


async def use_token(session: AsyncSession, token: str, purpose: str) -> User:
    """The token's user, the token spent (atomically: of two simultaneous uses one fails).
    Unknown, spent, expired, or sent to an address the account no longer has → 422."""
    digest = token_digest(token)
    spent = await session.execute(
        update(EmailToken)
        .where(
            EmailToken.token_hash == digest,
            EmailToken.purpose == purpose,
            EmailToken.used_at.is_(None),
            EmailToken.expires_at > utcnow(),
        )
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    row = (
        (
            await session.execute(select(EmailToken).where(EmailToken.token_hash == digest))
        ).scalar_one_or_none()
        if changed_rows(spent) == 1
        else None
    )
    user = await session.get(User, row.user_id) if row else None
    if row is None or user is None or user.email != row.email or not user.is_active:
        raise InvalidInput(INVALID[purpose], errors=[{"field": "token", "message": "invalid"}])
    return user
