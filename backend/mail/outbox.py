"""Putting an e-mail in the outbox, in the caller's transaction.

The mail goes out only if the action that caused it commits; the sender is woken once the
transaction has committed (in this process; another process's sender finds it on its next poll).
"""

from __future__ import annotations

import asyncio
import weakref

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession

from backend.mail.models import OutboundMail

# one event per event loop (an asyncio.Event belongs to the loop that first waits on it)
_wakers: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Event] = (
    weakref.WeakKeyDictionary()
)


def mail_waiting() -> asyncio.Event:
    """Set when a mail was queued in this process since the sender last looked."""
    loop = asyncio.get_running_loop()
    waker = _wakers.get(loop)
    if waker is None:
        waker = _wakers[loop] = asyncio.Event()
    return waker


def queue_mail(
    session: AsyncSession,
    recipient: str,
    subject: str,
    body: str,
    headers: dict[str, str] | None = None,
) -> OutboundMail:
    """Add one e-mail to the outbox; it leaves after the transaction commits."""
    mail = OutboundMail(recipient=recipient, subject=subject, body=body, headers=headers or {})
    session.add(mail)
    waker = mail_waiting()
    event.listen(session.sync_session, "after_commit", lambda _s: waker.set(), once=True)
    return mail
