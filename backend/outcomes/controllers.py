"""Route: a proposal's outcome."""

from __future__ import annotations

from litestar import get

from backend.core.dependencies import Db
from backend.outcomes.outcome import ProposalOutcome, proposal_outcome
from backend.proposals.services import get_proposal
from backend.users.dependencies import Viewer


@get(
    "/api/v1/proposals/{proposal_id:int}/outcome",
    tags=["proposals"],
    summary="What happened to this proposal: theme, plan items, response",
)
async def read_proposal_outcome(db: Db, viewer: Viewer, proposal_id: int) -> ProposalOutcome:
    proposal = await get_proposal(db, proposal_id, viewer)  # hidden: 404 as for the proposal
    return await proposal_outcome(db, proposal.id, proposal.process_id)
