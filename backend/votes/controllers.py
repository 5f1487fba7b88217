"""Routes: my vote on a proposal (written by the process's ``VoteWriter``, group-committed).

The hottest routes of a surge: the rate limit is checked in the handler rather than by a guard (a
Litestar guard costs a copy of the route handler per request). The signed-in user stays a
dependency: it is resolved before the body is read, so a signed-out client is told 401 before
anything about its body, and reading it in the handler saved no measurable CPU."""

from __future__ import annotations

from typing import Any

from litestar import Request, delete, put

from backend.core.errors import (
    EmailNotConfirmed,
    Forbidden,
    TooManyRequests,
    Unauthenticated,
    documented_errors,
)
from backend.core.ratelimit import count_request
from backend.users.auth import CurrentUser
from backend.users.dependencies import SignedInUser
from backend.verification.levels import VerificationRequired
from backend.votes.schemas import VOTE_VALUES, VoteCast, VoteResult
from backend.votes.writer import VOTE_WRITER, VoteWriter


async def _writer(request: Request[Any, Any, Any], user: CurrentUser) -> VoteWriter:
    if user.role != "resident":
        raise Forbidden("Only resident accounts vote; staff and council accounts do not.")
    await count_request(request, "vote")
    # the process's least tier to vote is checked in the batch (services._check_votable)
    return VOTE_WRITER.of(request)


# raised by the handler and the batch, where core/openapi.py cannot derive them
VOTE_ERRORS = documented_errors(
    Unauthenticated, TooManyRequests, EmailNotConfirmed, VerificationRequired
)


@put(
    "/api/v1/proposals/{proposal_id:int}/vote",
    tags=["votes"],
    raises=VOTE_ERRORS,
    summary="Vote agree / disagree / pass (replaces my earlier vote)",
)
async def cast_vote(
    request: Request[Any, Any, Any], user: SignedInUser, proposal_id: int, data: VoteCast
) -> VoteResult:
    writer = await _writer(request, user)
    return await writer.submit(user, proposal_id, VOTE_VALUES[data.value])


@delete(
    "/api/v1/proposals/{proposal_id:int}/vote",
    tags=["votes"],
    status_code=200,
    raises=VOTE_ERRORS,
    summary="Take my vote back",
)
async def retract_vote(
    request: Request[Any, Any, Any], user: SignedInUser, proposal_id: int
) -> VoteResult:
    return await (await _writer(request, user)).submit(user, proposal_id, None)
