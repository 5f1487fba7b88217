"""Routes: proposals of a process and one proposal (proxy entry: ``proxy_controllers.py``)."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.background_tasks import BackgroundTask
from litestar.di import NamedDependency, Provide
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromQuery, QueryParameter
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.app_state import STORAGE
from backend.core.dependencies import Db
from backend.core.errors import Forbidden, TooLarge, documented_errors
from backend.core.messages import N_
from backend.core.pagination import Page
from backend.core.ratelimit import rate_limited
from backend.core.storage import BlobStore
from backend.proposals import image_services, services
from backend.proposals.images import CONTENT_TYPE, MAX_BYTES, TOO_LARGE, UnusableImage
from backend.proposals.reads import PROPOSAL_READS, ProposalReads
from backend.proposals.schemas import (
    ProposalCount,
    ProposalCreate,
    ProposalImageUpload,
    ProposalOut,
    ProposalSort,
    ProposalStatus,
    ProposalUpdate,
    ProposalWithdraw,
    UnvotedPage,
)
from backend.users.auth import CurrentUser, optional_user, role_guard
from backend.users.dependencies import SignedInUser, Viewer

residents_only = role_guard("resident", action=N_("post proposals (use a resident account)"))
voters_only = role_guard("resident", action=N_("vote (use a resident account)"))


def _provide_reads(request: Request[Any, Any, Any]) -> ProposalReads:
    return PROPOSAL_READS.of(request)


# The reads take no ``db``: no session and no BEGIN/COMMIT per request (see reads.py).
Reads = NamedDependency[ProposalReads]
reads_dependency = {"reads": Provide(_provide_reads, sync_to_thread=False)}


def _reads_and_viewer(request: Request[Any, Any, Any]) -> tuple[ProposalReads, CurrentUser | None]:
    """For the busiest reads (list, count, one proposal), instead of the ``reads`` and ``viewer``
    dependencies: Litestar resolves two dependencies of a handler in an anyio task group, two
    tasks per request, which was 15 % of a signed-in list's CPU (bench/profile_requests.py)."""
    return PROPOSAL_READS.of(request), optional_user(request)


async def written(
    reads: ProposalReads, db: AsyncSession, proposal: services.Proposal, user: CurrentUser
) -> ProposalOut:
    """The answer to a write, read inside its transaction."""
    await db.flush()
    return await reads.proposal(proposal.id, user, session=db)


class ProcessProposalsController(Controller):
    path = "/api/v1/processes/{process_id:int}"
    tags = ["proposals"]
    dependencies = reads_dependency

    @get(
        "/proposals",
        raises=documented_errors(Forbidden),  # status=hidden: staff only
        summary="List proposals with filters, sorts and Japanese search",
    )
    async def list_proposals(
        self,
        request: Request[Any, Any, Any],
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
        reads, viewer = _reads_and_viewer(request)
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

    @get(
        "/proposals/unvoted",
        guards=[voters_only],
        summary="Proposals I have not voted on yet, least-voted first (the card flow)",
    )
    async def unvoted_proposals(
        self,
        reads: Reads,
        user: SignedInUser,
        process_id: int,
        limit: Annotated[int, QueryParameter(ge=1, le=50)] = 10,
    ) -> UnvotedPage:
        return await reads.unvoted(user, process_id, limit)

    @get(
        "/proposals/count",
        raises=documented_errors(Forbidden),
        summary="How many proposals the list shows for the same filters and search",
    )
    async def count_proposals(
        self,
        request: Request[Any, Any, Any],
        process_id: int,
        district: Annotated[str | None, QueryParameter(max_length=40)] = None,
        tag: Annotated[str | None, QueryParameter(max_length=40)] = None,
        status: FromQuery[ProposalStatus] = "published",
        q: Annotated[str | None, QueryParameter(max_length=200, description="search words")] = None,
        mine: FromQuery[bool] = False,
    ) -> ProposalCount:
        reads, viewer = _reads_and_viewer(request)
        author_id = (viewer.id if viewer else -1) if mine else None
        return ProposalCount(
            await reads.count(
                viewer,
                process_id,
                district=district,
                tag=tag,
                status=status,
                q=q,
                author_id=author_id,
            )
        )

    @post(
        "/proposals",
        guards=[residents_only, rate_limited("post")],
        summary="Post a proposal (ideas phase)",
    )
    async def create_proposal(
        self, reads: Reads, db: Db, user: SignedInUser, process_id: int, data: ProposalCreate
    ) -> ProposalOut:
        proposal = await services.create_proposal(db, user, process_id, data)
        return await written(reads, db, proposal, user)


class ProposalController(Controller):
    path = "/api/v1/proposals/{proposal_id:int}"
    tags = ["proposals"]
    dependencies = reads_dependency

    @get("/", summary="One proposal with tallies and my vote")
    async def get_proposal(self, request: Request[Any, Any, Any], proposal_id: int) -> ProposalOut:
        reads, viewer = _reads_and_viewer(request)
        return await reads.proposal(proposal_id, viewer)

    @patch("/", summary="Edit my proposal (while the phase allows)")
    async def update_proposal(
        self, reads: Reads, db: Db, user: SignedInUser, proposal_id: int, data: ProposalUpdate
    ) -> ProposalOut:
        proposal = await services.update_proposal(db, user, proposal_id, data)
        return await written(reads, db, proposal, user)

    @post("/withdraw", status_code=200, summary="Withdraw my proposal, optionally saying why")
    async def withdraw_proposal(
        self,
        reads: Reads,
        db: Db,
        user: SignedInUser,
        proposal_id: int,
        data: ProposalWithdraw | None = None,
    ) -> ProposalOut:
        reason = data.reason if data is not None else None
        proposal = await services.withdraw_proposal(db, user, proposal_id, reason)
        return await written(reads, db, proposal, user)


def _storage(request: Request[Any, Any, Any]) -> BlobStore:
    return STORAGE.of(request)


async def _delete_blobs(storage: BlobStore, keys: list[str]) -> None:
    for key in keys:
        await storage.delete(key)


class ProposalImagesController(Controller):
    """Photos on a proposal: multipart upload (file + alt), removal, and the stored bytes."""

    path = "/api/v1/proposals/{proposal_id:int}/images"
    tags = ["proposals"]
    dependencies = reads_dependency

    @post(
        "/",
        guards=[rate_limited("post")],
        # the file and a short form around it; over this Litestar stops reading (413)
        request_max_body_size=MAX_BYTES + 64 * 1024,
        opt={"too_large_detail": TOO_LARGE},
        raises=documented_errors(TooLarge, UnusableImage),
        summary="Add a photo to a proposal (multipart/form-data: file, alt); up to 3",
    )
    async def add_image(
        self,
        request: Request[Any, Any, Any],
        reads: Reads,
        db: Db,
        user: SignedInUser,
        proposal_id: int,
        data: Annotated[ProposalImageUpload, Body(media_type=RequestEncodingType.MULTI_PART)],
    ) -> ProposalOut:
        await image_services.add_image(db, _storage(request), user, proposal_id, data)
        return await reads.proposal(proposal_id, user, session=db)

    @delete("/{image_id:int}", status_code=200, summary="Remove a photo from a proposal")
    async def remove_image(
        self,
        request: Request[Any, Any, Any],
        reads: Reads,
        db: Db,
        user: SignedInUser,
        proposal_id: int,
        image_id: int,
    ) -> Response[ProposalOut]:
        keys = await image_services.remove_image(db, user, proposal_id, image_id)
        proposal = await reads.proposal(proposal_id, user, session=db)
        # the files go after the response, that is after the commit (never lose a photo)
        return Response(proposal, background=BackgroundTask(_delete_blobs, _storage(request), keys))

    @get(
        "/{image_id:int}/{variant:str}",
        media_type=CONTENT_TYPE,
        summary="A photo (variant full: at most 1600 px; thumb: at most 480 px), as WebP",
    )
    async def proposal_image(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        viewer: Viewer,
        proposal_id: int,
        image_id: int,
        variant: str,
    ) -> Response[bytes]:
        data = await image_services.image_bytes(
            db, _storage(request), viewer, proposal_id, image_id, variant
        )
        # private: no shared cache keeps a photo once its proposal is hidden
        return Response(
            data, media_type=CONTENT_TYPE, headers={"Cache-Control": "private, max-age=600"}
        )
