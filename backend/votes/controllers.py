"""Routes: my vote on a proposal."""

from __future__ import annotations

from litestar import delete, put

from backend.core.dependencies import Db, SignedInUser
from backend.core.ratelimit import rate_limited
from backend.votes import services
from backend.votes.schemas import VoteCast, VoteResult


@put(
    "/api/v1/proposals/{proposal_id:int}/vote",
    tags=["votes"],
    guards=[rate_limited("vote")],
    summary="Vote agree / disagree / pass (replaces my earlier vote)",
)
async def cast_vote(db: Db, user: SignedInUser, proposal_id: int, data: VoteCast) -> VoteResult:
    return await services.cast_vote(db, user, proposal_id, data.value)


@delete(
    "/api/v1/proposals/{proposal_id:int}/vote",
    tags=["votes"],
    guards=[rate_limited("vote")],
    status_code=200,
    summary="Take my vote back",
)
async def retract_vote(db: Db, user: SignedInUser, proposal_id: int) -> VoteResult:
    return await services.retract_vote(db, user, proposal_id)
