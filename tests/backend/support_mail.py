"""Helpers of the mail tests: the SMTP server's inbox, one sender pass, links in e-mails."""

from __future__ import annotations

import re
import socket
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any
from urllib.parse import parse_qs, urlsplit

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
        self.messages.append(message_from_bytes(  # type: ignore[arg-type]
            envelope.content, policy=policy.default))
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
