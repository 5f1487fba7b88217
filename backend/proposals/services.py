"""Posting, editing and withdrawing proposals (proxy entry: ``proxy.py``; reading them:
``reads.py``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.database import utcnow
from backend.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from backend.core.text import clean_required, content_hash
from backend.processes.channels import ensure_channel_open
from backend.processes.districts import ensure_district_exists
from backend.processes.phases import ensure_phase_allows
from backend.processes.services import get_process
from backend.proposals.models import Proposal, ProposalTag
from backend.proposals.schemas import ProposalCreate, ProposalUpdate
from backend.proposals.search import search_document
from backend.users.auth import CurrentUser
from backend.users.public_view import hidden_from
from backend.verification.levels import ensure_level
from ml.text import detect_language


def _clean_tags(tags: list[str]) -> list[str]:
    return list(dict.fromkeys(t.strip() for t in tags if t.strip()))


def _apply_text(proposal: Proposal, title: str, body: str, tags: list[str]) -> None:
    proposal.title = clean_required(title, "title")
    proposal.body = clean_required(body, "body")
    proposal.tags = [ProposalTag(tag=t) for t in tags]
    proposal.content_hash = content_hash(proposal.title, proposal.body)
    proposal.search_text = search_document(proposal.title, proposal.body, tags)


def proposal_row(process_id: int, data: Any, tags: list[str], **fields: Any) -> Proposal:
    """A new proposal from ``data``'s title, body, district and language (not yet added)."""
    proposal = Proposal(process_id=process_id, district_code=data.district_code, **fields)
    _apply_text(proposal, data.title, data.body, _clean_tags(tags))
    proposal.language = data.language or detect_language(f"{proposal.title}\n{proposal.body}")
    return proposal


async def new_proposal(
    session: AsyncSession, process_id: int, data: Any, action: str, **fields: Any
) -> Proposal:
    """A proposal the process's phase and channels accept, flushed (so it has its id)."""
    process = await get_process(session, process_id)
    ensure_phase_allows(process.acting_phase, action)
    ensure_channel_open(process.channel_list, fields["channel"])
    await ensure_district_exists(session, data.district_code)
    proposal = proposal_row(process.id, data, data.tags, **fields)
    session.add(proposal)
    await session.flush()
    return proposal


async def create_proposal(
    session: AsyncSession, user: CurrentUser, process_id: int, data: ProposalCreate
) -> Proposal:
    process = await get_process(session, process_id)  # new_proposal gets it from the session
    ensure_phase_allows(process.acting_phase, "propose")  # a closed phase is the first answer
    ensure_level(user.level, process.min_level_to_propose, "propose")
    return await new_proposal(
        session, process_id, data, "propose", author_id=user.id, channel="online"
    )


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
    ensure_phase_allows(process.acting_phase, "edit_proposal")
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


async def withdraw_proposal(
    session: AsyncSession, user: CurrentUser, proposal_id: int, reason: str | None = None
) -> Proposal:
    """The author withdraws (取り下げ); the reason is kept for staff (``public_view``)."""
    proposal = await _own_proposal(session, user, proposal_id)
    process = await get_process(session, proposal.process_id)
    if process.acting_phase in ("closed", "archived"):
        raise InvalidInput(
            f"The process is {process.acting_phase}; its proposals are kept as they are."
        )
    if proposal.status != "published":
        raise Conflict(f"This proposal is already {proposal.status}.")
    proposal.status = "withdrawn"
    proposal.status_reason = clean_required(reason, "reason") if reason is not None else None
    proposal.updated_at = utcnow()
    return proposal
