"""Routes: proposals of a process, proxy entry, and one proposal."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, patch, post
from litestar.params import FromQuery, QueryParameter

from backend.core.dependencies import Db, SignedInUser, Viewer
from backend.core.errors import Forbidden
from backend.core.pagination import Page
from backend.core.ratelimit import rate_limited
from backend.proposals import services
from backend.proposals.outcome import ProposalOutcome, proposal_outcome
from backend.proposals.schemas import (
    ProposalCreate,
    ProposalOut,
    ProposalSort,
    ProposalStatus,
    ProposalUpdate,
    ProxyProposalCreate,
)
from backend.users.auth import role_guard, staff_only

residents_only = role_guard("resident", action="post proposals (use a resident account)")


async def _one(db: Db, proposal: services.Proposal, viewer: Viewer) -> ProposalOut:
    return (await services.proposals_out(db, [proposal], viewer, with_my_vote=True))[0]


class ProcessProposalsController(Controller):
    path = "/api/v1/processes/{process_id:int}"
    tags = ["proposals"]

    @get("/proposals", raises=[Forbidden],  # status=hidden: staff only
         summary="List proposals with filters, sorts and Japanese search")
    async def list_proposals(
        self,
        db: Db,
        viewer: Viewer,
        process_id: int,
        district: Annotated[str | None, QueryParameter(max_length=40)] = None,
        tag: Annotated[str | None, QueryParameter(max_length=40)] = None,
        status: FromQuery[ProposalStatus] = "published",
        sort: FromQuery[ProposalSort] = "newest",
        q: Annotated[str | None, QueryParameter(max_length=200, description="search words")] = None,
        mine: FromQuery[bool] = False,
        cursor: Annotated[str | None, QueryParameter(max_length=200)] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=100)] = 20,
    ) -> Page[ProposalOut]:
        author_id = None
        if mine:
            author_id = viewer.id if viewer else -1
        return await services.list_proposals(
            db,
            viewer,
            process_id,
            district=district,
            tag=tag,
            status=status,
            sort=sort,
            q=q,
            author_id=author_id,
            cursor=cursor,
            limit=limit,
        )

    @post(
        "/proposals",
        guards=[residents_only, rate_limited("post")],
        summary="Post a proposal (ideas phase)",
    )
    async def create_proposal(
        self, db: Db, user: SignedInUser, process_id: int, data: ProposalCreate
    ) -> ProposalOut:
        proposal = await services.create_proposal(db, user, process_id, data)
        return await _one(db, proposal, user)

    @post(
        "/proxy-proposals",
        guards=[staff_only],
        summary="Enter a paper, meeting or phone submission on a resident's behalf",
    )
    async def create_proxy_proposal(
        self, db: Db, user: SignedInUser, process_id: int, data: ProxyProposalCreate
    ) -> ProposalOut:
        proposal = await services.create_proxy_proposal(db, user, process_id, data)
        return await _one(db, proposal, user)


class ProposalController(Controller):
    path = "/api/v1/proposals/{proposal_id:int}"
    tags = ["proposals"]

    @get("/", summary="One proposal with tallies and my vote")
    async def get_proposal(self, db: Db, viewer: Viewer, proposal_id: int) -> ProposalOut:
        return await _one(db, await services.get_proposal(db, proposal_id, viewer), viewer)

    @get("/outcome", summary="What happened to this proposal: theme, plan items, response")
    async def outcome(self, db: Db, viewer: Viewer, proposal_id: int) -> ProposalOutcome:
        proposal = await services.get_proposal(db, proposal_id, viewer)
        return await proposal_outcome(db, proposal.id, proposal.process_id)

    @patch("/", summary="Edit my proposal (while the phase allows)")
    async def update_proposal(
        self, db: Db, user: SignedInUser, proposal_id: int, data: ProposalUpdate
    ) -> ProposalOut:
        proposal = await services.update_proposal(db, user, proposal_id, data)
        return await _one(db, proposal, user)

    @post("/withdraw", status_code=200, summary="Withdraw my proposal")
    async def withdraw(self, db: Db, user: SignedInUser, proposal_id: int) -> ProposalOut:
        proposal = await services.withdraw_proposal(db, user, proposal_id)
        return await _one(db, proposal, user)
