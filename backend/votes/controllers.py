"""Routes: my vote on a proposal (written by the process's ``VoteWriter``, group-committed).

The hottest routes of a surge: the signed-in user and the rate limit are checked in the handler
rather than by a dependency and a guard (a Litestar guard costs a copy of the route handler per
request, a dependency a signature check)."""

from __future__ import annotations

from typing import Any

from litestar import Request, delete, put
from sqlalchemy import select

from backend.core.database import Database
from backend.core.dependencies import signed_in_user
from backend.core.errors import EmailNotConfirmed, Forbidden, TooManyRequests, Unauthenticated
from backend.core.ratelimit import count_request
from backend.processes.models import Process
from backend.proposals.models import Proposal
from backend.users.auth import CurrentUser
from backend.votes.schemas import VOTE_VALUES, VoteCast, VoteResult
from backend.votes.writer import VoteWriter


async def _voter(request: Request[Any, Any, Any],
                 proposal_id: int) -> tuple[VoteWriter, CurrentUser]:
    user = await signed_in_user(request)
    if user.role != "resident":
        raise Forbidden("Only resident accounts vote; staff and council accounts do not.")
    await count_request(request, "vote")
    if not user.email_confirmed:  # one more read, for unconfirmed accounts only
        await _ensure_confirmation_not_required(request.app.state.db, proposal_id)
    return request.app.state.vote_writer, user


async def _ensure_confirmation_not_required(database: Database, proposal_id: int) -> None:
    async with database.session(write=False) as session:
        required = (await session.execute(
            select(Process.require_confirmed_email_to_vote)
            .join(Proposal, Proposal.process_id == Process.id)
            .where(Proposal.id == proposal_id))).scalar_one_or_none()
    if required:
        raise EmailNotConfirmed(
            "To vote in this process, confirm your e-mail address first: open the link in the "
            "confirmation e-mail, or ask for a new one on your profile page.")


@put(
    "/api/v1/proposals/{proposal_id:int}/vote",
    tags=["votes"],
    raises=[Unauthenticated, TooManyRequests, EmailNotConfirmed],
    summary="Vote agree / disagree / pass (replaces my earlier vote)",
)
async def cast_vote(
    request: Request[Any, Any, Any], proposal_id: int, data: VoteCast
) -> VoteResult:
    writer, user = await _voter(request, proposal_id)
    return await writer.submit(user, proposal_id, VOTE_VALUES[data.value])


@delete(
    "/api/v1/proposals/{proposal_id:int}/vote",
    tags=["votes"],
    status_code=200,
    raises=[Unauthenticated, TooManyRequests, EmailNotConfirmed],
    summary="Take my vote back",
)
async def retract_vote(request: Request[Any, Any, Any], proposal_id: int) -> VoteResult:
    writer, user = await _voter(request, proposal_id)
    return await writer.submit(user, proposal_id, None)
