"""Posting, proxy entry, editing, withdrawing, reading and listing proposals."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, and_, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit.service import record_audit
from backend.core.database import utcnow
from backend.core.errors import Forbidden, InvalidInput, NotFound
from backend.core.pagination import Page, decode_cursor, encode_cursor
from backend.core.public_view import (
    hidden_from,
    is_staff,
    listed_author,
    shown_text,
    shows_author,
)
from backend.core.text import clean_required, content_hash
from backend.processes.phases import ensure_phase_allows
from backend.processes.services import ensure_district_exists, get_process
from backend.proposals.models import Proposal, ProposalTag
from backend.proposals.schemas import (
    ProposalCreate,
    ProposalOut,
    ProposalSort,
    ProposalUpdate,
    ProxyProposalCreate,
    Tally,
)
from backend.proposals.search import search_condition, search_document
from backend.users.auth import CurrentUser
from backend.users.models import User
from backend.users.schemas import PublicUser
from backend.votes.models import Vote
from ml.text import detect_language

VOTE_NAMES = {1: "agree", -1: "disagree", 0: "pass"}


def _clean_tags(tags: list[str]) -> list[str]:
    return list(dict.fromkeys(t.strip() for t in tags if t.strip()))


def _apply_text(proposal: Proposal, title: str, body: str, tags: list[str]) -> None:
    proposal.title = clean_required(title, "title")
    proposal.body = clean_required(body, "body")
    proposal.tags = [ProposalTag(tag=t) for t in tags]
    proposal.content_hash = content_hash(proposal.title, proposal.body)
    proposal.search_text = search_document(proposal.title, proposal.body, tags)


async def _new_proposal(
    session: AsyncSession, process_id: int, data: Any, action: str, **fields: Any
) -> Proposal:
    process = await get_process(session, process_id)
    ensure_phase_allows(process.phase, action)
    await ensure_district_exists(session, data.district_code)
    proposal = Proposal(process_id=process.id, district_code=data.district_code, **fields)
    _apply_text(proposal, data.title, data.body, _clean_tags(data.tags))
    proposal.language = data.language or detect_language(f"{proposal.title}\n{proposal.body}")
    session.add(proposal)
    await session.flush()
    return proposal


async def create_proposal(
    session: AsyncSession, user: CurrentUser, process_id: int, data: ProposalCreate
) -> Proposal:
    return await _new_proposal(
        session, process_id, data, "propose", author_id=user.id, channel="online"
    )


async def create_proxy_proposal(
    session: AsyncSession, staff: CurrentUser, process_id: int, data: ProxyProposalCreate
) -> Proposal:
    """Staff type in a submission received on paper, at a meeting or by phone."""
    proposal = await _new_proposal(
        session,
        process_id,
        data,
        "proxy_entry",
        author_id=None,
        entered_by_id=staff.id,
        channel=data.channel,
        submitter_name=data.submitter_name,
        submitter_age_band=data.submitter_age_band,
    )
    record_audit(
        session,
        staff.id,
        "proposal.proxy_entered",
        "proposal",
        proposal.id,
        channel=data.channel,
        process_id=process_id,
    )
    return proposal


async def get_proposal(
    session: AsyncSession, proposal_id: int, viewer: CurrentUser | None
) -> Proposal:
    proposal = await session.get(Proposal, proposal_id)
    if proposal is None or hidden_from(viewer, proposal.status, proposal.author_id):
        raise NotFound(f"There is no proposal {proposal_id}.")
    return proposal


async def _own_proposal(session: AsyncSession, user: CurrentUser, proposal_id: int) -> Proposal:
    proposal = await get_proposal(session, proposal_id, user)
    if proposal.author_id != user.id:
        raise Forbidden("Only the author may change this proposal.")
    return proposal


async def update_proposal(
    session: AsyncSession, user: CurrentUser, proposal_id: int, data: ProposalUpdate
) -> Proposal:
    proposal = await _own_proposal(session, user, proposal_id)
    process = await get_process(session, proposal.process_id)
    ensure_phase_allows(process.phase, "edit_proposal")
    if proposal.status != "published":
        raise InvalidInput(f"A {proposal.status} proposal cannot be edited.")
    if data.district_code is not None:
        await ensure_district_exists(session, data.district_code)
        proposal.district_code = data.district_code
    tags = _clean_tags(data.tags) if data.tags is not None else [t.tag for t in proposal.tags]
    _apply_text(
        proposal,
        data.title if data.title is not None else proposal.title,
        data.body if data.body is not None else proposal.body,
        tags,
    )
    proposal.updated_at = utcnow()
    return proposal


async def withdraw_proposal(session: AsyncSession, user: CurrentUser, proposal_id: int) -> Proposal:
    proposal = await _own_proposal(session, user, proposal_id)
    process = await get_process(session, proposal.process_id)
    if process.phase == "closed":
        raise InvalidInput("The process is closed; its proposals are kept as they are.")
    proposal.status = "withdrawn"
    proposal.updated_at = utcnow()
    return proposal


async def _people(session: AsyncSession, ids: set[int]) -> dict[int, PublicUser]:
    if not ids:
        return {}
    rows = await session.execute(select(User.id, User.display_name).where(User.id.in_(ids)))
    return {uid: PublicUser(uid, name) for uid, name in rows}


async def proposals_out(
    session: AsyncSession,
    proposals: list[Proposal],
    viewer: CurrentUser | None,
    *,
    with_my_vote: bool = False,
) -> list[ProposalOut]:
    staff = is_staff(viewer)
    people = await _people(
        session,
        {p.author_id for p in proposals if p.author_id}
        | ({p.entered_by_id for p in proposals if p.entered_by_id} if staff else set()),
    )
    my_votes: dict[int, int] = {}
    if with_my_vote and viewer is not None and proposals:
        rows = await session.execute(
            select(Vote.proposal_id, Vote.value).where(
                Vote.user_id == viewer.id, Vote.proposal_id.in_([p.id for p in proposals])
            )
        )
        my_votes = {pid: value for pid, value in rows}
    return [
        ProposalOut(
            id=p.id,
            process_id=p.process_id,
            title=shown_text(p.title, viewer, p.author_id),
            body=shown_text(p.body, viewer, p.author_id),
            district_code=p.district_code,
            tags=sorted(t.tag for t in p.tags),
            language=p.language,
            channel=p.channel,
            status=p.status,
            author=people.get(p.author_id)
            if p.author_id and shows_author(viewer, p.status, p.author_id) else None,
            submitter_name=p.submitter_name if staff else None,
            tally=Tally(p.agree_count, p.disagree_count, p.pass_count),
            comment_count=p.comment_count,
            content_hash=p.content_hash,
            created_at=p.created_at,
            updated_at=p.updated_at,
            my_vote=VOTE_NAMES.get(my_votes[p.id]) if p.id in my_votes else None,
            entered_by=people.get(p.entered_by_id) if staff and p.entered_by_id else None,
            status_reason=p.status_reason if p.status != "published" else None,
        )
        for p in proposals
    ]


_SORT_COLUMNS = {
    "newest": None,
    "most_agreed": Proposal.agree_count,
    "most_discussed": Proposal.comment_count,
}


def _keyset(query: Select[Any], sort: ProposalSort, cursor: str | None) -> Select[Any]:
    column = _SORT_COLUMNS[sort]
    if column is None:
        query = query.order_by(Proposal.id.desc())
        if cursor:
            query = query.where(Proposal.id < decode_cursor(cursor)[1])
        return query
    query = query.order_by(column.desc(), Proposal.id.desc())
    if cursor:
        value, last_id = decode_cursor(cursor)
        query = query.where(or_(column < value, and_(column == value, Proposal.id < last_id)))
    return query


async def list_proposals(
    session: AsyncSession,
    viewer: CurrentUser | None,
    process_id: int,
    *,
    district: str | None = None,
    tag: str | None = None,
    status: str = "published",
    sort: ProposalSort = "newest",
    q: str | None = None,
    author_id: int | None = None,
    cursor: str | None = None,
    limit: int = 20,
) -> Page[ProposalOut]:
    await get_process(session, process_id)
    if status == "hidden" and not is_staff(viewer):
        raise Forbidden("Only city staff may list hidden proposals.")
    query = select(Proposal).where(Proposal.process_id == process_id, Proposal.status == status)
    if district:
        query = query.where(Proposal.district_code == district)
    if tag:
        query = query.where(
            exists().where(ProposalTag.proposal_id == Proposal.id, ProposalTag.tag == tag.strip())
        )
    if (author_id := listed_author(viewer, status, author_id)) is not None:
        query = query.where(Proposal.author_id == author_id)
    if q and (condition := search_condition(q)) is not None:
        query = query.where(condition)
    rows = list((await session.execute(_keyset(query, sort, cursor).limit(limit + 1))).scalars())
    next_cursor = None
    if len(rows) > limit:
        last = rows[limit - 1]
        column = _SORT_COLUMNS[sort]
        next_cursor = encode_cursor(getattr(last, column.key) if column is not None else 0, last.id)
    return Page(await proposals_out(session, rows[:limit], viewer, with_my_vote=True), next_cursor)
