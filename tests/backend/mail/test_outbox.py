"""The outbox: mail waits there until the sender reaches the SMTP server, is retried with a
back-off while the server is down, and is marked failed after the last attempt; no request
ever waits on SMTP."""

from __future__ import annotations

import asyncio
import contextlib
import time
from datetime import timedelta
from typing import Any

import msgspec
from sqlalchemy import select

from backend.core.config import Settings
from backend.core.database import Database, utcnow
from backend.mail.models import OutboundMail
from backend.mail.sender import retry_delay, run_mail_sender, send_due_mail
from support import Api
from support_mail import Inbox, deliver, free_port


async def _rows(database: Database) -> list[OutboundMail]:
    async with database.session(write=False) as session:
        return list(
            (await session.execute(select(OutboundMail).order_by(OutboundMail.id))).scalars()
        )


async def test_mail_waits_and_is_retried_while_the_smtp_server_is_down(
    app: Any, database: Database, mail_settings: Settings, inbox: Inbox, resident: Api
) -> None:
    down = msgspec.structs.replace(mail_settings, smtp_port=free_port())  # nothing listens
    asked = await Api(app).post("/api/v1/auth/password-reset", json={"email": "hanako@example.jp"})
    assert asked.status_code == 202  # the request did not notice the server is down

    now = utcnow()
    assert await send_due_mail(database, down, now) == 0
    [row] = await _rows(database)
    assert (row.status, row.attempts) == ("queued", 1)
    assert row.last_error and row.next_attempt_at == now + retry_delay(1)
    assert await send_due_mail(database, mail_settings, now) == 0  # not due yet

    assert await send_due_mail(database, mail_settings, now + timedelta(seconds=31)) == 1
    [row] = await _rows(database)
    assert (row.status, row.attempts, row.last_error, row.body) == ("sent", 2, None, "")
    assert [m["To"] for m in inbox.messages] == ["hanako@example.jp"]


async def test_mail_is_marked_failed_after_the_last_attempt(
    app: Any, database: Database, mail_settings: Settings, resident: Api
) -> None:
    down = msgspec.structs.replace(mail_settings, smtp_port=free_port(), mail_max_attempts=3)
    await Api(app).post("/api/v1/auth/password-reset", json={"email": "hanako@example.jp"})
    moment = utcnow()
    for _ in range(3):
        await send_due_mail(database, down, moment)
        moment += timedelta(hours=3)
    [row] = await _rows(database)
    assert (row.status, row.attempts) == ("failed", 3)
    assert await send_due_mail(database, mail_settings, moment) == 0  # failed stays failed


async def test_without_an_smtp_host_mail_stays_queued(
    app: Any, database: Database, mail_settings: Settings, inbox: Inbox, resident: Api
) -> None:
    unset = msgspec.structs.replace(mail_settings, smtp_host="")
    await Api(app).post("/api/v1/auth/password-reset", json={"email": "hanako@example.jp"})
    assert await deliver(database, unset) == 0
    assert [(r.status, r.attempts) for r in await _rows(database)] == [("queued", 0)]
    assert inbox.messages == []


def test_the_back_off_doubles_up_to_two_hours() -> None:
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]
    assert retry_delay(20) == timedelta(hours=2)


async def test_the_sender_task_sends_what_a_request_queued(
    app: Any, database: Database, mail_settings: Settings, inbox: Inbox, resident: Api
) -> None:
    """The loop the worker (or, on SQLite, the API process) runs; woken by the commit."""
    sender = asyncio.create_task(run_mail_sender(database, mail_settings))
    try:
        await asyncio.sleep(0.3)  # its first pass finds nothing to send
        await Api(app).post("/api/v1/auth/password-reset", json={"email": "hanako@example.jp"})
        waited = time.monotonic()
        while not inbox.messages and time.monotonic() - waited < 10:
            await asyncio.sleep(0.05)
        assert [m["To"] for m in inbox.messages] == ["hanako@example.jp"]
    finally:
        sender.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sender
