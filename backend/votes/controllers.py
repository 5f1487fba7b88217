"""Routes: my vote on a proposal (written by the process's ``VoteWriter``, group-committed).

The hottest routes of a surge: the rate limit is counted in the handler rather than as a guard
(a Litestar guard costs a copy of the route handler per request)."""

from __future__ import annotations

from typing import Any

from litestar import Request, delete, put

from backend.core.dependencies import SignedInUser
from backend.core.errors import Forbidden, TooManyRequests
from backend.core.ratelimit import count_request
from backend.users.auth import CurrentUser
from backend.votes.schemas import VOTE_VALUES, VoteCast, VoteResult
from backend.votes.writer import VoteWriter


async def _writer(request: Request[Any, Any, Any], user: CurrentUser) -> VoteWriter:
    if user.role != "resident":
        raise Forbidden("Only resident accounts vote; staff and council accounts do not.")
    await count_request(request, "vote")
    return request.app.state.vote_writer  # type: ignore[no-any-return]


@put(
    "/api/v1/proposals/{proposal_id:int}/vote",
    tags=["votes"],
    raises=[TooManyRequests],
    summary="Vote agree / disagree / pass (replaces my earlier vote)",
)
async def cast_vote(
    request: Request[Any, Any, Any], user: SignedInUser, proposal_id: int, data: VoteCast
) -> VoteResult:
    return await (await _writer(request, user)).submit(user, proposal_id, VOTE_VALUES[data.value])


@delete(
    "/api/v1/proposals/{proposal_id:int}/vote",
    tags=["votes"],
    status_code=200,
    raises=[TooManyRequests],
    summary="Take my vote back",
)
async def retract_vote(
    request: Request[Any, Any, Any], user: SignedInUser, proposal_id: int
) -> VoteResult:
    return await (await _writer(request, user)).submit(user, proposal_id, None)
