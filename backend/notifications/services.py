"""Recording notices (the hooks call these) and each person's e-mail preferences."""

from __future__ import annotations

import hashlib
import hmac

from sqlalchemy import literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.database import UTCDateTime, table_of, utcnow
from backend.notifications.models import Notice, NotificationPreference
from backend.notifications.schemas import NoticeKind, NotificationSettings
from backend.processes.models import Process
from backend.proposals.models import Proposal

# which preference switches each kind of notice
PREFERENCE_OF: dict[str, str] = {
    "answer_published": "answers",
    "comment_reply": "replies",
    "draft_open": "drafts",
    "plan_published": "drafts",
}


def record_notice(
    session: AsyncSession, user_id: int, kind: NoticeKind, title: str, link: str
) -> None:
    """A notice for ``user_id``, mailed after this transaction commits (if they want it)."""
    session.add(Notice(user_id=user_id, kind=kind, title=title[:300], link=link))


async def notify_proposal_authors(
    session: AsyncSession, process_id: int, kind: NoticeKind, title: str, link: str
) -> None:
    """A notice for everyone who proposed something in the process (the plan their proposals
    went into was published, or opened for comments); paper, meeting and phone submissions
    have no account to tell."""
    authors = (
        select(
            Proposal.author_id,
            literal(kind),
            literal(title[:300]),
            literal(link),
            literal(utcnow(), UTCDateTime),
        )
        .where(Proposal.process_id == process_id, Proposal.author_id.is_not(None))
        .distinct()
    )
    await session.execute(
        table_of(Notice)
        .insert()
        .from_select(["user_id", "kind", "title", "link", "created_at"], authors)
    )


async def notify_draft_open(session: AsyncSession, process: Process) -> None:
    """The process's draft plan opened for public comments: tell its proposals' authors."""
    await notify_proposal_authors(
        session, process.id, "draft_open", process.title_ja, f"/processes/{process.id}"
    )


async def preferences(session: AsyncSession, user_id: int) -> NotificationSettings:
    row = await session.get(NotificationPreference, user_id)
    if row is None:
        return NotificationSettings()
    return NotificationSettings(row.answers, row.replies, row.drafts, row.daily_digest)


async def save_preferences(
    session: AsyncSession, user_id: int, data: NotificationSettings
) -> NotificationSettings:
    row = await session.get(NotificationPreference, user_id)
    if row is None:
        row = NotificationPreference(user_id=user_id)
        session.add(row)
    row.answers, row.replies, row.drafts = data.answers, data.replies, data.drafts
    row.daily_digest = data.daily_digest
    return data


def unsubscribe_token(secret_key: str, user_id: int) -> str:
    """``<user id>.<HMAC>``: stops every notification e-mail of that person, needs no sign-in."""
    mac = hmac.new(secret_key.encode(), f"unsubscribe:{user_id}".encode(), hashlib.sha256)
    return f"{user_id}.{mac.hexdigest()[:32]}"


def unsubscribe_user(secret_key: str, token: str) -> int | None:
    """The user id the token is for, or ``None`` when it is not one we signed."""
    user_id, _, _ = token.partition(".")
    if not user_id.isdigit() or not hmac.compare_digest(
        unsubscribe_token(secret_key, int(user_id)), token
    ):
        return None
    return int(user_id)


async def unsubscribe(session: AsyncSession, user_id: int) -> None:
    await save_preferences(session, user_id, NotificationSettings(False, False, False, False))
