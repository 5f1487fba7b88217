"""Helpers of the tests that send mail (mail, notifications): a real SMTP server (aiosmtpd)
started for each test with the app pointed at it, its inbox, one sender pass, links in
e-mails. A folder's conftest.py imports the fixtures."""

from __future__ import annotations

import re
import socket
from collections.abc import AsyncIterator, Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any
from urllib.parse import parse_qs, urlsplit

import msgspec
import pytest
from aiosmtpd.controller import Controller

from backend.app import close_database_clients, create_app
from backend.core.config import Settings
from backend.core.database import Database
from backend.mail.sender import send_due_mail
from backend.notifications.mailing import mail_notices

PUBLIC_URL = "https://kyoso.example.jp"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Inbox:
    """aiosmtpd's handler: keeps every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(
            message_from_bytes(  # type: ignore[arg-type]
                envelope.content, policy=policy.default
            )
        )
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


async def deliver(database: Database, settings: Settings, now: Any = None) -> int:
    """One pass of the mail sender (notices → e-mails → SMTP), as the worker runs it."""
    await mail_notices(database, settings, now)
    return await send_due_mail(database, settings, now)


def body_of(message: EmailMessage) -> str:
    return str(message.get_body().get_content())  # type: ignore[union-attr]


def link_in(message: EmailMessage, path: str) -> str:
    found = re.search(re.escape(PUBLIC_URL + path) + r"[^\s>]*", body_of(message))
    assert found, body_of(message)
    return found.group(0)


def token_of(link: str) -> str:
    return parse_qs(urlsplit(link).query)["token"][0]


@pytest.fixture
def account_language() -> str:
    """A resident's mails are read in Japanese, the language an account starts with."""
    return "ja"


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


@pytest.fixture
def inbox(smtp: tuple[Inbox, int]) -> Inbox:
    return smtp[0]


@pytest.fixture
def mail_settings(database: Database, smtp: tuple[Inbox, int]) -> Settings:
    return msgspec.structs.replace(
        database.settings,
        smtp_host="127.0.0.1",
        smtp_port=smtp[1],
        smtp_starttls=False,
        public_url=PUBLIC_URL,
        mail_from="Kyoso <no-reply@kyoso.example.jp>",
    )


@pytest.fixture
async def app(database: Database, mail_settings: Settings) -> AsyncIterator[Any]:
    """The real app, its e-mail going to the test's SMTP server (rate limits off, as
    elsewhere; the rate-limit tests make their own)."""
    application = create_app(
        msgspec.structs.replace(mail_settings, rate_limits=False), database=database
    )
    yield application
    await close_database_clients(application)
