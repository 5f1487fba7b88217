"""A real SMTP server (aiosmtpd) started for each mail test, and the app pointed at it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import msgspec
import pytest
from aiosmtpd.controller import Controller

from backend.app import close_database_clients, create_app
from backend.core.config import Settings
from backend.core.database import Database
from support_mail import PUBLIC_URL, Inbox, free_port


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
        database.settings, smtp_host="127.0.0.1", smtp_port=smtp[1], smtp_starttls=False,
        public_url=PUBLIC_URL, mail_from="Kyoso <no-reply@kyoso.example.jp>")


@pytest.fixture
async def app(database: Database, mail_settings: Settings) -> AsyncIterator[Any]:
    """The real app, its e-mail going to the test's SMTP server (rate limits off, as
    elsewhere; the rate-limit tests make their own)."""
    application = create_app(msgspec.structs.replace(mail_settings, rate_limits=False),
                             database=database)
    yield application
    await close_database_clients(application)
