"""The mail sender: takes due e-mails from the outbox and hands them to the SMTP server.

It runs where analyses run: a task of the API process in embedded (SQLite) mode, a task of
``kyoso worker`` on PostgreSQL. A pass claims due rows by pushing their ``next_attempt_at``
a lease into the future (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so several workers never
claim the same row), commits, then sends outside any transaction. A crash mid-send leaves the
row to be tried again when the lease ends (15 min); a refusal or a connection error schedules
the next attempt with a doubling back-off, and after ``KYOSO_MAIL_MAX_ATTEMPTS`` the row is
``failed``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

import aiosmtplib
from sqlalchemy import func, select, update

from backend.core.config import Settings
from backend.core.database import Database, utcnow
from backend.mail.models import OutboundMail
from backend.mail.outbox import mail_waiting

logger = logging.getLogger("kyoso.mail")
BATCH = 20
# a claimed row is retried after this if its sender died: longer than a batch can take
# (20 mails × the 30-s SMTP timeout)
LEASE = timedelta(minutes=15)
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=2)
POLL = timedelta(seconds=2)


def retry_delay(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, … after the 1st, 2nd, 3rd failed attempt; at most 2 h."""
    return min(FIRST_RETRY * 2 ** (attempts - 1), LONGEST_RETRY)


def build_message(settings: Settings, mail: OutboundMail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = mail.recipient
    message["Subject"] = mail.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="kyoso")
    for name, value in mail.headers.items():
        message[name] = value
    message.set_content(mail.body, charset="utf-8")
    return message


async def _claim(database: Database, now: datetime) -> list[OutboundMail]:
    async with database.session(write=True) as session:
        rows = list(
            (
                await session.execute(
                    select(OutboundMail)
                    .where(OutboundMail.status == "queued", OutboundMail.next_attempt_at <= now)
                    .order_by(OutboundMail.next_attempt_at, OutboundMail.id)
                    .limit(BATCH)
                    .with_for_update(skip_locked=True)
                )
            ).scalars()
        )
        for row in rows:
            row.attempts += 1
            row.next_attempt_at = now + LEASE
    return rows


async def _record(
    database: Database, mail: OutboundMail, error: str | None, now: datetime, max_attempts: int
) -> None:
    if error is None:
        # a sent mail keeps no body: its links (a password reset) would work for whoever
        # reads the table
        values: dict[str, object] = {
            "status": "sent",
            "sent_at": utcnow(),
            "last_error": None,
            "body": "",
        }
    elif mail.attempts >= max_attempts:
        values = {"status": "failed", "last_error": error}
    else:
        values = {"next_attempt_at": now + retry_delay(mail.attempts), "last_error": error}
    async with database.session(write=True) as session:
        await session.execute(
            update(OutboundMail).where(OutboundMail.id == mail.id).values(**values)
        )


async def send_due_mail(database: Database, settings: Settings, now: datetime | None = None) -> int:
    """One pass: send what is due; return how many were sent. Without ``KYOSO_SMTP_HOST``
    nothing is claimed: the mails wait in the outbox."""
    if not settings.smtp_host:
        return 0
    now = now or utcnow()
    sent = 0
    for mail in await _claim(database, now):
        try:
            await aiosmtplib.send(
                build_message(settings, mail),
                hostname=settings.smtp_host,
                port=settings.smtp_port,
                username=settings.smtp_username or None,
                password=settings.smtp_password or None,
                start_tls=settings.smtp_starttls,
                timeout=30,
            )
        except (aiosmtplib.SMTPException, OSError) as error:
            logger.warning(
                "mail %s to the SMTP server failed (attempt %s): %s", mail.id, mail.attempts, error
            )
            await _record(
                database, mail, f"{type(error).__name__}: {error}", now, settings.mail_max_attempts
            )
            continue
        await _record(database, mail, None, now, settings.mail_max_attempts)
        sent += 1
    return sent


async def queued_count(database: Database) -> int:
    async with database.session(write=False) as session:
        return int(
            (
                await session.execute(
                    select(func.count())
                    .select_from(OutboundMail)
                    .where(OutboundMail.status == "queued")
                )
            ).scalar_one()
        )


async def run_mail_sender(database: Database, settings: Settings) -> None:
    """Forever: a pass (digests, then due mail) every ``POLL``, sooner when a mail is queued in
    this process."""
    from backend.notifications.mailing import mail_notices

    if not settings.smtp_host:
        logger.warning(
            "KYOSO_SMTP_HOST is not set: e-mails wait in the outbox unsent (%s queued)",
            await queued_count(database),
        )
    waker = mail_waiting()
    while True:
        waker.clear()
        try:
            await mail_notices(database, settings)
            await send_due_mail(database, settings)
        except Exception:  # keep sending whatever one pass does (a database outage, …)
            logger.exception("mail sender: a pass failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(waker.wait(), POLL.total_seconds())
