"""The city's answers to residents' comments on the draft (パブコメへの回答): which comment a
response names, and the title it is listed under:
「施策1-2 公共交通の利便性向上へのご意見：バスの本数を…」.

A response to a comment has target_type ``comment`` and target_key ``str(DraftComment.id)``.
The title reads the item from the version the comment was made on, so a comment keeps its
place when a later version renumbers the plan.
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.database import in_ids
from backend.core.errors import InvalidInput
from backend.drafts.items import plan_items
from backend.drafts.models import Draft, DraftComment
from backend.drafts.schemas import DraftContent
from backend.drafts.services import shown_content
from backend.users.models import User, author_shown_publicly
from backend.users.public_view import shown_text

COMMENT: Final = "comment"
_OPENING_CHARS = 20  # of the comment in its title: enough to tell two comments on one item apart


async def comment_target(session: AsyncSession, process_id: int, comment_id: int) -> str:
    """The target key of a response to ``comment_id``, a comment on a draft of this process."""
    owner = (
        await session.execute(
            select(Draft.process_id)
            .join(DraftComment, DraftComment.draft_id == Draft.id)
            .where(DraftComment.id == comment_id)
        )
    ).scalar_one_or_none()
    if owner != process_id:
        raise InvalidInput(f"Comment {comment_id} is not a comment on a draft of this process.")
    return str(comment_id)


def opening(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _OPENING_CHARS else f"{flat[:_OPENING_CHARS]}…"


async def comment_titles(
    session: AsyncSession, target_keys: list[str], *, public: bool
) -> dict[str, str]:
    """target key → 「<item label> <item title>へのご意見：<opening of the comment>」. For the
    public only comments residents still see (their author's account active), contacts masked;
    a key missing from the answer is a comment the public must not see."""
    ids = [int(k) for k in target_keys]
    if not ids:
        return {}
    query = (
        select(DraftComment, Draft)
        .join(Draft, Draft.id == DraftComment.draft_id)
        .join(User, User.id == DraftComment.author_id)
        .where(in_ids(session, DraftComment.id, ids))
    )
    if public:
        query = query.where(author_shown_publicly())
    contents: dict[tuple[int, int], DraftContent] = {}
    titles: dict[str, str] = {}
    for comment, draft in (await session.execute(query)).all():
        version = (draft.id, comment.version_number)
        if version not in contents:
            contents[version] = await shown_content(session, draft, comment.version_number, public)
        item = plan_items(contents[version]).get(comment.section_key)
        where = f"{item.label_ja} {item.title}" if item else comment.section_key
        body = shown_text(comment.body, None, None) if public else comment.body
        titles[str(comment.id)] = f"{where}へのご意見：{opening(body)}"
    return titles
