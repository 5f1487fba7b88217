"""Turning notices into e-mails (a step of the mail sender's pass, backend/mail/sender.py).

A notice becomes one e-mail at once, or, for people who chose the daily digest (毎日のまとめ),
part of one e-mail sent on the first pass after 07:00 JST with everything noticed before then.
Preferences are read when mailing, so switching a kind off stops what is still waiting. Every
notification carries RFC 8058 one-click unsubscribe headers.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from itertools import groupby
from urllib.parse import quote

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.config import Settings
from backend.core.database import Database, utcnow
from backend.mail.outbox import queue_mail
from backend.mail.templates import notification_footer, render
from backend.notifications.models import Notice, NotificationPreference
from backend.notifications.services import PREFERENCE_OF, unsubscribe_token
from backend.users.models import User

JST = timezone(timedelta(hours=9), "JST")
DIGEST_AT = time(7, 0)
BATCH = 500


def digest_cutoff(now: datetime) -> datetime:
    """The latest 07:00 JST not after ``now``: a digest holds the notices from before it."""
    local = now.astimezone(JST)
    cutoff = datetime.combine(local.date(), DIGEST_AT, JST)
    return cutoff if cutoff <= local else cutoff - timedelta(days=1)


def _links(settings: Settings, user_id: int) -> tuple[str, str, dict[str, str]]:
    base = settings.public_url.rstrip("/")
    token = quote(unsubscribe_token(settings.secret_key, user_id))
    headers = {
        "List-Unsubscribe": f"<{base}/api/v1/notifications/unsubscribe?token={token}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    return f"{base}/profile#notifications", f"{base}/unsubscribe?token={token}", headers


def _queue(session: AsyncSession, settings: Settings, user: User, subject: str, body: str) -> None:
    settings_link, unsubscribe_link, headers = _links(settings, user.id)
    body += notification_footer(user.language, settings_link, unsubscribe_link)
    queue_mail(session, user.email, subject, body, headers)


def _wanted(notice: Notice, user: User, preference: NotificationPreference | None) -> bool:
    # an account signed up with a provider that verified no address has none (no @ sign)
    if not user.is_active or user.deleted_at is not None or "@" not in user.email:
        return False
    return preference is None or bool(getattr(preference, PREFERENCE_OF[notice.kind]))


async def mail_notices(database: Database, settings: Settings, now: datetime | None = None) -> int:
    """Queue the e-mails of waiting notices; return how many notices were handled."""
    now = now or utcnow()
    cutoff = digest_cutoff(now)
    base = settings.public_url.rstrip("/")
    async with database.session(write=True) as session:
        rows = (
            await session.execute(
                select(Notice, User, NotificationPreference)
                .join(User, User.id == Notice.user_id)
                .outerjoin(NotificationPreference, NotificationPreference.user_id == User.id)
                .where(
                    Notice.mailed_at.is_(None),
                    or_(
                        NotificationPreference.daily_digest.is_not(True), Notice.created_at < cutoff
                    ),
                )
                .order_by(Notice.user_id, Notice.id)
                .limit(BATCH)
                .with_for_update(of=Notice, skip_locked=True)
            )
        ).all()
        handled: list[int] = []
        for _user_id, group in groupby(rows, key=lambda row: row[0].user_id):
            items = list(group)
            user, preference = items[0][1], items[0][2]
            if preference is not None and preference.daily_digest:
                due = [n for n, _, _ in items]  # the query kept only those before the cutoff
                wanted = [n for n in due if _wanted(n, user, preference)]
                if wanted:
                    # a notification's kind (a str column) is the MailKind it was created with
                    lines = "\n\n".join(
                        f"・{render(n.kind, user.language, name='', title='', link='')[0]}"  # type: ignore[arg-type]
                        f"\n  {n.title}\n  {base}{n.link}"
                        for n in wanted
                    )
                    subject, body = render(
                        "digest",
                        user.language,
                        name=user.display_name,
                        count=len(wanted),
                        items=lines,
                    )
                    _queue(session, settings, user, subject, body)
                handled += [n.id for n in due]
                continue
            for notice, _, _ in items:
                if _wanted(notice, user, preference):
                    subject, body = render(
                        notice.kind,  # type: ignore[arg-type]  # a stored NoticeKind
                        user.language,
                        name=user.display_name,
                        title=notice.title,
                        link=base + notice.link,
                    )
                    _queue(session, settings, user, subject, body)
                handled.append(notice.id)
        if handled:
            await session.execute(
                update(Notice).where(Notice.id.in_(handled)).values(mailed_at=now)
            )
    return len(handled)
