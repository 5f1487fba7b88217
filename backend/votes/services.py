"""Casting, changing and retracting votes with exact tallies under concurrency.

The vote row is locked (``FOR UPDATE``) before it is read, a first vote is inserted with
``ON CONFLICT DO NOTHING`` so that two concurrent first votes of the same person cannot both
count, and the proposal's tallies move by relative increments (``agree_count + 1``), which
PostgreSQL applies on the latest row version, so no increment is ever lost.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.database import dialect_insert, utcnow
from backend.core.errors import Forbidden, InvalidInput
from backend.processes.phases import ensure_phase_allows
from backend.processes.services import get_process
from backend.proposals.models import Proposal
from backend.proposals.schemas import Tally
from backend.proposals.services import get_proposal
from backend.users.auth import CurrentUser
from backend.votes.models import Vote
from backend.votes.schemas import VOTE_VALUES, VoteResult

_COUNTERS = {1: "agree_count", -1: "disagree_count", 0: "pass_count"}


async def _votable_proposal(session: AsyncSession, user: CurrentUser, proposal_id: int) -> Proposal:
    if user.role != "resident":
        raise Forbidden("Only resident accounts vote; staff and council accounts do not.")
    proposal = await get_proposal(session, proposal_id, user)
    if proposal.status != "published":
        raise InvalidInput(f"A {proposal.status} proposal cannot be voted on.")
    process = await get_process(session, proposal.process_id)
    ensure_phase_allows(process.phase, "vote")
    return proposal


async def _locked_vote(session: AsyncSession, user_id: int, proposal_id: int) -> Vote | None:
    return (
        await session.execute(
            select(Vote)
            .where(Vote.proposal_id == proposal_id, Vote.user_id == user_id)
            .with_for_update()
        )
    ).scalar_one_or_none()


async def _move_tallies(
    session: AsyncSession, proposal_id: int, old: int | None, new: int | None
) -> Tally:
    deltas: dict[str, Any] = {}
    if old is not None:
        deltas[_COUNTERS[old]] = getattr(Proposal, _COUNTERS[old]) - 1
    if new is not None:
        deltas[_COUNTERS[new]] = getattr(Proposal, _COUNTERS[new]) + 1
    row = (
        await session.execute(
            update(Proposal)
            .where(Proposal.id == proposal_id)
            .values(**deltas)
            .returning(Proposal.agree_count, Proposal.disagree_count, Proposal.pass_count)
            .execution_options(synchronize_session=False)
        )
    ).one()
    return Tally(*row)


async def cast_vote(
    session: AsyncSession, user: CurrentUser, proposal_id: int, value: str
) -> VoteResult:
    proposal = await _votable_proposal(session, user, proposal_id)
    new = VOTE_VALUES[value]
    vote = await _locked_vote(session, user.id, proposal.id)
    if vote is None:
        now = utcnow()
        inserted = (
            await session.execute(
                dialect_insert(session)(Vote)
                .values(
                    proposal_id=proposal.id,
                    user_id=user.id,
                    value=new,
                    created_at=now,
                    updated_at=now,
                )
                .on_conflict_do_nothing(index_elements=["proposal_id", "user_id"])
                .returning(Vote.id)
            )
        ).first()
        if inserted is not None:
            tally = await _move_tallies(session, proposal.id, None, new)
            return VoteResult(proposal.id, value, tally)  # type: ignore[arg-type]
        vote = await _locked_vote(session, user.id, proposal.id)  # lost a same-person race
        assert vote is not None
    old = vote.value
    if old == new:
        await session.refresh(proposal)
        tally = Tally(proposal.agree_count, proposal.disagree_count, proposal.pass_count)
        return VoteResult(proposal.id, value, tally)  # type: ignore[arg-type]
    vote.value, vote.updated_at = new, utcnow()
    tally = await _move_tallies(session, proposal.id, old, new)
    return VoteResult(proposal.id, value, tally)  # type: ignore[arg-type]


async def retract_vote(session: AsyncSession, user: CurrentUser, proposal_id: int) -> VoteResult:
    proposal = await _votable_proposal(session, user, proposal_id)
    vote = await _locked_vote(session, user.id, proposal.id)
    if vote is None:
        await session.refresh(proposal)
        return VoteResult(
            proposal.id,
            None,
            Tally(proposal.agree_count, proposal.disagree_count, proposal.pass_count),
        )
    old = vote.value
    await session.delete(vote)
    tally = await _move_tallies(session, proposal.id, old, None)
    return VoteResult(proposal.id, None, tally)
