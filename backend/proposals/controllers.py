"""Routes: proposals of a process, proxy entry, and one proposal."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get, patch, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromQuery, QueryParameter
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.dependencies import Db, SignedInUser, Viewer
from backend.core.errors import Forbidden
from backend.core.pagination import Page
from backend.core.ratelimit import rate_limited
from backend.proposals import services
from backend.proposals.outcome import ProposalOutcome, proposal_outcome
from backend.proposals.reads import ProposalReads
from backend.proposals.schemas import (
    ProposalCount,
    ProposalCreate,
    ProposalOut,
    ProposalSort,
    ProposalStatus,
    ProposalUpdate,
    ProposalWithdraw,
    ProxyProposalCreate,
    UnvotedPage,
)
from backend.users.auth import CurrentUser, role_guard, staff_only

residents_only = role_guard("resident", action="post proposals (use a resident account)")
voters_only = role_guard("resident", action="vote (use a resident account)")


def _provide_reads(request: Request[Any, Any, Any]) -> ProposalReads:
    return request.app.state.proposal_reads  # type: ignore[no-any-return]


# The reads take no ``db``: no session and no BEGIN/COMMIT per request (see reads.py).
Reads = NamedDependency[ProposalReads]
reads_dependency = {"reads": Provide(_provide_reads, sync_to_thread=False)}


async def _written(reads: ProposalReads, db: AsyncSession, proposal: services.Proposal,
                   user: CurrentUser) -> ProposalOut:
    """The answer to a write, read inside its transaction."""
    await db.flush()
    return await reads.proposal(proposal.id, user, session=db)


class ProcessProposalsController(Controller):
    path = "/api/v1/processes/{process_id:int}"
    tags = ["proposals"]
    dependencies = reads_dependency

    @get("/proposals", raises=[Forbidden],  # status=hidden: staff only
         summary="List proposals with filters, sorts and Japanese search")
    async def list_proposals(
        self,
        reads: Reads,
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
        return await reads.page(
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

    @get("/proposals/unvoted", guards=[voters_only],
         summary="Proposals I have not voted on yet, least-voted first (the card flow)")
    async def unvoted_proposals(
        self,
        reads: Reads,
        user: SignedInUser,
        process_id: int,
        limit: Annotated[int, QueryParameter(ge=1, le=50)] = 10,
    ) -> UnvotedPage:
        return await reads.unvoted(user, process_id, limit)

    @get("/proposals/count", raises=[Forbidden],
         summary="How many proposals the list shows for the same filters and search")
    async def count_proposals(
        self,
        reads: Reads,
        viewer: Viewer,
        process_id: int,
        district: Annotated[str | None, QueryParameter(max_length=40)] = None,
        tag: Annotated[str | None, QueryParameter(max_length=40)] = None,
        status: FromQuery[ProposalStatus] = "published",
        q: Annotated[str | None, QueryParameter(max_length=200, description="search words")] = None,
        mine: FromQuery[bool] = False,
    ) -> ProposalCount:
        author_id = (viewer.id if viewer else -1) if mine else None
        return ProposalCount(await reads.count(viewer, process_id, district=district, tag=tag,
                                               status=status, q=q, author_id=author_id))

    @post(
        "/proposals",
        guards=[residents_only, rate_limited("post")],
        summary="Post a proposal (ideas phase)",
    )
    async def create_proposal(
        self, reads: Reads, db: Db, user: SignedInUser, process_id: int, data: ProposalCreate
    ) -> ProposalOut:
        proposal = await services.create_proposal(db, user, process_id, data)
        return await _written(reads, db, proposal, user)

    @post(
        "/proxy-proposals",
        guards=[staff_only],
        summary="Enter a paper, meeting or phone submission on a resident's behalf",
    )
    async def create_proxy_proposal(
        self, reads: Reads, db: Db, user: SignedInUser, process_id: int,
        data: ProxyProposalCreate
    ) -> ProposalOut:
        proposal = await services.create_proxy_proposal(db, user, process_id, data)
        return await _written(reads, db, proposal, user)


class ProposalController(Controller):
    path = "/api/v1/proposals/{proposal_id:int}"
    tags = ["proposals"]
    dependencies = reads_dependency

    @get("/", summary="One proposal with tallies and my vote")
    async def get_proposal(self, reads: Reads, viewer: Viewer, proposal_id: int) -> ProposalOut:
        return await reads.proposal(proposal_id, viewer)

    @get("/outcome", summary="What happened to this proposal: theme, plan items, response")
    async def outcome(self, db: Db, viewer: Viewer, proposal_id: int) -> ProposalOutcome:
        proposal = await services.get_proposal(db, proposal_id, viewer)
        return await proposal_outcome(db, proposal.id, proposal.process_id)

    @patch("/", summary="Edit my proposal (while the phase allows)")
    async def update_proposal(
        self, reads: Reads, db: Db, user: SignedInUser, proposal_id: int, data: ProposalUpdate
    ) -> ProposalOut:
        proposal = await services.update_proposal(db, user, proposal_id, data)
        return await _written(reads, db, proposal, user)

    @post("/withdraw", status_code=200, summary="Withdraw my proposal, optionally saying why")
    async def withdraw(self, reads: Reads, db: Db, user: SignedInUser, proposal_id: int,
                       data: ProposalWithdraw | None = None) -> ProposalOut:
        reason = data.reason if data is not None else None
        proposal = await services.withdraw_proposal(db, user, proposal_id, reason)
        return await _written(reads, db, proposal, user)
