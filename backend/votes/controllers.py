"""Routes: my vote on a proposal (written by the process's ``VoteWriter``, group-committed).

The hottest routes of a surge: the signed-in user and the rate limit are checked in the handler
rather than by a dependency and a guard (a Litestar guard costs a copy of the route handler per
request, a dependency a signature check)."""

from __future__ import annotations

from typing import Any

from litestar import Request, delete, put

from backend.core.dependencies import signed_in_user
from backend.core.errors import Forbidden, TooManyRequests, Unauthenticated
from backend.core.ratelimit import count_request
from backend.users.auth import CurrentUser
from backend.votes.schemas import VOTE_VALUES, VoteCast, VoteResult
from backend.votes.writer import VoteWriter


async def _voter(request: Request[Any, Any, Any]) -> tuple[VoteWriter, CurrentUser]:
    user = await signed_in_user(request)
    if user.role != "resident":
        raise Forbidden("Only resident accounts vote; staff and council accounts do not.")
    await count_request(request, "vote")
    return request.app.state.vote_writer, user


@put(
    "/api/v1/proposals/{proposal_id:int}/vote",
    tags=["votes"],
    raises=[Unauthenticated, TooManyRequests],
    summary="Vote agree / disagree / pass (replaces my earlier vote)",
)
async def cast_vote(
    request: Request[Any, Any, Any], proposal_id: int, data: VoteCast
) -> VoteResult:
    writer, user = await _voter(request)
    return await writer.submit(user, proposal_id, VOTE_VALUES[data.value])


@delete(
    "/api/v1/proposals/{proposal_id:int}/vote",
    tags=["votes"],
    status_code=200,
    raises=[Unauthenticated, TooManyRequests],
    summary="Take my vote back",
)
async def retract_vote(request: Request[Any, Any, Any], proposal_id: int) -> VoteResult:
    writer, user = await _voter(request)
    return await writer.submit(user, proposal_id, None)
