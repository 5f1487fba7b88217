"""Comments with one level of replies."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.comments.models import Comment
from backend.comments.schemas import CommentCreate, CommentOut
from backend.core.errors import InvalidInput, NotFound
from backend.core.text import clean_required
from backend.notifications.services import record_notice
from backend.processes.phases import ensure_phase_allows
from backend.processes.services import get_process
from backend.proposals.models import Proposal
from backend.proposals.services import get_proposal
from backend.users.auth import CurrentUser
from backend.users.models import User
from backend.users.public_view import is_staff, shown_text
from backend.users.schemas import PublicUser

HIDDEN_TEXT = "（このコメントは運営により非表示になりました）"


async def add_comment(
    session: AsyncSession, user: CurrentUser, proposal_id: int, data: CommentCreate
) -> Comment:
    proposal = await get_proposal(session, proposal_id, user)
    if proposal.status != "published":
        raise InvalidInput(f"A {proposal.status} proposal cannot receive comments.")
    ensure_phase_allows((await get_process(session, proposal.process_id)).acting_phase, "comment")
    parent = None
    if data.parent_id is not None:
        parent = await session.get(Comment, data.parent_id)
        if parent is None or parent.proposal_id != proposal.id:
            raise InvalidInput("The comment you reply to does not belong to this proposal.")
        if parent.parent_id is not None:
            raise InvalidInput("Replies go one level deep: reply to the original comment.")
    comment = Comment(
        proposal_id=proposal.id,
        parent_id=data.parent_id,
        author_id=user.id,
        body=clean_required(data.body, "body"),
    )
    session.add(comment)
    await session.execute(
        update(Proposal)
        .where(Proposal.id == proposal.id)
        .values(comment_count=Proposal.comment_count + 1)
        .execution_options(synchronize_session=False)
    )
    await session.flush()
    if parent is not None and parent.author_id and parent.author_id != user.id:
        record_notice(
            session, parent.author_id, "comment_reply", proposal.title, f"/proposals/{proposal.id}"
        )
    return comment


async def get_comment(session: AsyncSession, comment_id: int) -> Comment:
    comment = await session.get(Comment, comment_id)
    if comment is None:
        raise NotFound(f"There is no comment {comment_id}.")
    return comment


async def list_comments(
    session: AsyncSession, viewer: CurrentUser | None, proposal_id: int
) -> list[CommentOut]:
    """Top-level comments oldest first, each with its replies; hidden text is withheld."""
    await get_proposal(session, proposal_id, viewer)
    staff = is_staff(viewer)
    rows = (
        await session.execute(
            select(Comment, User.display_name, User.role)
            .join(User, User.id == Comment.author_id)
            .where(Comment.proposal_id == proposal_id)
            .order_by(Comment.id)
        )
    ).all()
    by_id: dict[int, CommentOut] = {}
    top: list[CommentOut] = []
    for comment, name, role in rows:
        body = (
            shown_text(comment.body, viewer, comment.author_id)
            if comment.status == "published" or staff
            else HIDDEN_TEXT
        )
        out = CommentOut(
            comment.id,
            comment.proposal_id,
            comment.parent_id,
            PublicUser(comment.author_id, name),
            role,
            body,
            comment.status,
            comment.created_at,
            [],
        )
        by_id[comment.id] = out
        if comment.parent_id is None:
            top.append(out)
        elif comment.parent_id in by_id:
            by_id[comment.parent_id].replies.append(out)
    return top
