"""E-mails about the account itself: password reset (パスワード再設定) and address
confirmation (メールアドレスの確認). Each is queued in the request's transaction and sent later."""

from __future__ import annotations

from urllib.parse import quote

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.config import Settings
from backend.core.database import utcnow
from backend.core.security import hash_password_off_loop
from backend.mail.models import EmailToken, OutboundMail
from backend.mail.outbox import queue_mail
from backend.mail.templates import render
from backend.mail.tokens import issue_token, use_token
from backend.notifications.models import Notice, NotificationPreference
from backend.users.models import User, UserSession


def _link(settings: Settings, page: str, token: str) -> str:
    return f"{settings.public_url.rstrip('/')}/{page}?token={quote(token)}"


async def send_confirmation(session: AsyncSession, settings: Settings, user: User) -> None:
    """The confirmation e-mail, with a link to /confirm-email valid for 7 days."""
    token = await issue_token(session, user, "confirm_email")
    subject, body = render(
        "confirm_email",
        user.language,
        name=user.display_name,
        link=_link(settings, "confirm-email", token),
    )
    queue_mail(session, user.email, subject, body)


async def confirm_email(session: AsyncSession, token: str) -> User:
    user = await use_token(session, token, "confirm_email")
    user.email_confirmed_at = user.email_confirmed_at or utcnow()
    return user


async def request_password_reset(session: AsyncSession, settings: Settings, email: str) -> None:
    """A reset e-mail when ``email`` belongs to an active account; nothing otherwise (the
    caller answers both alike)."""
    user = (
        await session.execute(
            select(User).where(
                User.email == email, User.is_active.is_(True), User.deleted_at.is_(None)
            )
        )
    ).scalar_one_or_none()
    if user is None:
        return
    token = await issue_token(session, user, "password_reset")
    subject, body = render(
        "password_reset",
        user.language,
        name=user.display_name,
        link=_link(settings, "reset-password", token),
    )
    queue_mail(session, user.email, subject, body)


async def reset_password(session: AsyncSession, token: str, password: str) -> None:
    """Set the new password and end every session of the account (whoever knew the old
    password is signed out). The link came to the address, so it is confirmed too."""
    user = await use_token(session, token, "password_reset")
    user.password_hash = await hash_password_off_loop(password)
    user.email_confirmed_at = user.email_confirmed_at or utcnow()
    await session.execute(delete(UserSession).where(UserSession.user_id == user.id))


async def forget_mail(session: AsyncSession, user_id: int, email: str) -> None:
    """An account is deleted (退会): its e-mail links, notices, settings and the e-mails to its
    address, sent or waiting, go too."""
    await session.execute(delete(EmailToken).where(EmailToken.user_id == user_id))
    await session.execute(delete(Notice).where(Notice.user_id == user_id))
    await session.execute(
        delete(NotificationPreference).where(NotificationPreference.user_id == user_id)
    )
    await session.execute(delete(OutboundMail).where(OutboundMail.recipient == email))
