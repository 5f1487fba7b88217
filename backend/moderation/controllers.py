"""Routes: reports (any signed-in user) and the moderation queue (planners, admins)."""

from __future__ import annotations

from typing import Annotated, Literal

from litestar import Controller, post
from litestar import get as get_route
from litestar.params import FromQuery, QueryParameter

from backend.core.dependencies import Db
from backend.core.pagination import Page
from backend.core.ratelimit import rate_limited
from backend.moderation import services
from backend.moderation.schemas import (
    HideRequest,
    ModeratedType,
    ModerationResult,
    ReportCreate,
    ReportOut,
    ReportStatus,
)
from backend.users.auth import signed_in, staff_only
from backend.users.dependencies import SignedInUser

TargetType = Literal["proposals", "comments"]


def _singular(target: TargetType) -> ModeratedType:
    return "proposal" if target == "proposals" else "comment"


async def _report(
    db: Db, user: SignedInUser, target_type: ModeratedType, target_id: int, data: ReportCreate
) -> ReportOut:
    created = await services.report_target(db, user, target_type, target_id, data)
    return ReportOut(
        created.id,
        created.target_type,
        created.target_id,
        created.reason,
        created.note,
        created.status,
        created.created_at,
    )


@post(
    "/api/v1/proposals/{proposal_id:int}/reports",
    tags=["moderation"],
    guards=[signed_in, rate_limited("post")],
    summary="Report a proposal to the moderators",
)
async def report_proposal(
    db: Db, user: SignedInUser, proposal_id: int, data: ReportCreate
) -> ReportOut:
    return await _report(db, user, "proposal", proposal_id, data)


@post(
    "/api/v1/comments/{comment_id:int}/reports",
    tags=["moderation"],
    guards=[signed_in, rate_limited("post")],
    summary="Report a comment to the moderators",
)
async def report_comment(
    db: Db, user: SignedInUser, comment_id: int, data: ReportCreate
) -> ReportOut:
    return await _report(db, user, "comment", comment_id, data)


class ModerationController(Controller):
    path = "/api/v1/moderation"
    tags = ["moderation"]
    guards = [staff_only]

    @get_route("/reports", summary="The moderation queue")
    async def list_reports(
        self,
        db: Db,
        status: FromQuery[ReportStatus] = "open",
        cursor: Annotated[str | None, QueryParameter(max_length=200)] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=100)] = 50,
    ) -> Page[ReportOut]:
        return await services.list_reports(db, status, cursor, limit)

    @post(
        "/reports/{report_id:int}/resolve",
        status_code=200,
        summary="Close a report without hiding anything",
    )
    async def resolve_report(self, db: Db, user: SignedInUser, report_id: int) -> ReportOut:
        r = await services.resolve_report(db, user, report_id)
        return ReportOut(r.id, r.target_type, r.target_id, r.reason, r.note, r.status, r.created_at)

    @post(
        "/{target:str}/{target_id:int}/hide",
        status_code=200,
        summary="Hide a proposal or comment, with a reason",
    )
    async def hide_content(
        self,
        db: Db,
        user: SignedInUser,
        target: TargetType,
        target_id: int,
        data: HideRequest,
    ) -> ModerationResult:
        return await services.set_visibility(
            db, user, _singular(target), target_id, True, data.reason
        )

    @post(
        "/{target:str}/{target_id:int}/restore",
        status_code=200,
        summary="Show a hidden proposal or comment again",
    )
    async def restore_content(
        self,
        db: Db,
        user: SignedInUser,
        target: TargetType,
        target_id: int,
        data: HideRequest,
    ) -> ModerationResult:
        return await services.set_visibility(
            db, user, _singular(target), target_id, False, data.reason
        )
