"""Routes: approvals (決裁) of what residents will see (staff only: planners and admins)."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, post
from litestar.params import QueryParameter

from backend.approvals import services
from backend.approvals.schemas import (
    ApprovalOut,
    ApprovalPreview,
    ApprovalReturn,
    ApprovalStatus,
    ApprovalSubmit,
    SubjectKind,
    Target,
)
from backend.core.dependencies import Db
from backend.core.errors import MAX_ID, Conflict, documented_errors
from backend.users.auth import staff_only
from backend.users.dependencies import SignedInUser


class ProcessApprovalsController(Controller):
    path = "/api/v1/processes/{process_id:int}/approvals"
    tags = ["approvals"]
    guards = [staff_only]

    @get(
        "/preview",
        raises=documented_errors(Conflict),
        summary="Exactly what residents will see once this is approved",
    )
    async def preview_approval(
        self,
        db: Db,
        process_id: int,
        object_type: Annotated[SubjectKind, QueryParameter()],
        object_id: Annotated[int, QueryParameter(ge=1, le=MAX_ID)],
        target: Annotated[Target, QueryParameter()] = "",
    ) -> ApprovalPreview:
        return await services.preview(db, process_id, object_type, object_id, target)

    @post("/", summary="Submit for approval (決裁に回す) what the preview showed")
    async def submit_approval(
        self, db: Db, user: SignedInUser, process_id: int, data: ApprovalSubmit
    ) -> ApprovalOut:
        return await services.approval_out(db, await services.submit(db, user.id, process_id, data))


class ApprovalController(Controller):
    path = "/api/v1/approvals"
    tags = ["approvals"]
    guards = [staff_only]

    @get("/", summary="Approvals, newest first (決裁待ち: status=submitted)")
    async def list_approvals(
        self,
        db: Db,
        process_id: Annotated[int | None, QueryParameter(ge=1, le=MAX_ID)] = None,
        status: Annotated[ApprovalStatus | None, QueryParameter()] = None,
    ) -> list[ApprovalOut]:
        return await services.list_approvals(db, process_id, status)

    @post(
        "/{approval_id:int}/approve",
        status_code=200,
        summary="Approve and publish (承認して公開); never by the submitter",
    )
    async def approve(self, db: Db, user: SignedInUser, approval_id: int) -> ApprovalOut:
        return await services.approval_out(db, await services.approve(db, user.id, approval_id))

    @post(
        "/{approval_id:int}/return",
        status_code=200,
        summary="Send back to the planner with a comment (差し戻す)",
    )
    async def send_back(
        self, db: Db, user: SignedInUser, approval_id: int, data: ApprovalReturn
    ) -> ApprovalOut:
        return await services.approval_out(
            db, await services.send_back(db, user.id, approval_id, data)
        )
