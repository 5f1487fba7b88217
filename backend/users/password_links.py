"""Set-password links (パスワード設定リンク): invitations and resets chosen by an administrator.

A link carries a random token; only its SHA-256 is stored (``set_password_tokens``), with an
expiry of ``LINK_HOURS``. A user holds at most one live link: issuing a new one voids the one
before, and using one deletes it, so every link works once. The e-mail that will carry these
links (and a self-service reset) can call ``issue_link`` and ``redeem_link`` as they are.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.database import utcnow
from backend.core.errors import InvalidInput
from backend.core.security import new_session_token, token_digest
from backend.users.models import SetPasswordToken, User

LINK_HOURS = 72
LinkPurpose = Literal["invitation", "reset"]
# the SPA page that reads the token from the fragment (never sent to the server, so it stays
# out of access logs and Referer headers)
LINK_PATH = "set-password#token="

INVALID_LINK = (
    "This link is not valid any more: it was used already, replaced by a newer "
    "one, or older than 72 hours. Ask the city office's administrator for a new one."
)


async def issue_link(
    session: AsyncSession, user_id: int, purpose: LinkPurpose, created_by_id: int | None
) -> tuple[str, datetime]:
    """A fresh token for ``user_id`` and when it expires; any link issued before stops
    working."""
    await session.execute(delete(SetPasswordToken).where(SetPasswordToken.user_id == user_id))
    token = new_session_token()
    expires_at = utcnow() + timedelta(hours=LINK_HOURS)
    session.add(
        SetPasswordToken(
            token_hash=token_digest(token),
            user_id=user_id,
            purpose=purpose,
            created_by_id=created_by_id,
            expires_at=expires_at,
        )
    )
    return token, expires_at


def link_url(base_url: str, token: str) -> str:
    return base_url.rstrip("/") + "/" + LINK_PATH + token


async def redeem_link(session: AsyncSession, token: str) -> tuple[User, str]:
    """The user the token was issued to and the link's purpose; the token is used up (with
    every other of that user). Raises ``InvalidInput`` for an unknown, used or expired token,
    or an account that was deleted or disabled meanwhile."""
    row = (
        await session.execute(
            select(SetPasswordToken)
            .where(SetPasswordToken.token_hash == token_digest(token))
            .with_for_update()
        )
    ).scalar_one_or_none()
    if row is None:
        raise InvalidInput(INVALID_LINK)
    await session.execute(delete(SetPasswordToken).where(SetPasswordToken.user_id == row.user_id))
    user = await session.get(User, row.user_id)
    if (
        row.expires_at <= utcnow()
        or user is None
        or not user.is_active
        or user.deleted_at is not None
    ):
        raise InvalidInput(INVALID_LINK)
    return user, row.purpose
