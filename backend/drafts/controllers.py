"""Routes: drafts of a process (planners edit; councils read; residents read the published one
and comment on every item in the feedback phase)."""

from __future__ import annotations

import asyncio
from typing import Annotated

from litestar import Controller, Response, get, post, put
from litestar.params import Parameter, QueryParameter

from backend.core.dependencies import Db
from backend.core.errors import NotFound
from backend.core.messages import N_
from backend.drafts import services
from backend.drafts.compare import DraftComparison
from backend.drafts.compare_docx import comparison_docx
from backend.drafts.items import ITEM_KEY_PATTERN
from backend.drafts.schemas import (
    DraftEdit,
    DraftGenerate,
    DraftOut,
    LineageItem,
    SectionCommentCreate,
    SectionCommentOut,
    VersionOut,
)
from backend.site.services import issuer
from backend.users.auth import readers_only, role_guard, staff_only
from backend.users.dependencies import SignedInUser, Viewer
from backend.users.roles import READER_ROLES

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
OldVersion = Annotated[int, QueryParameter(ge=1, name="from", description="the older version (旧)")]
NewVersion = Annotated[int, QueryParameter(ge=1, name="to", description="the newer version (新)")]
residents_only = role_guard("resident", action=N_("comment on the draft (use a resident account)"))


class ProcessDraftsController(Controller):
    path = "/api/v1/processes/{process_id:int}"
    tags = ["drafts"]

    @post("/drafts", guards=[staff_only], summary="Generate a draft from an analysis run")
    async def generate_draft(
        self, db: Db, user: SignedInUser, process_id: int, data: DraftGenerate
    ) -> DraftOut:
        draft = await services.generate_draft(db, user.id, process_id, data)
        return await services.draft_out(db, draft)

    @get("/drafts", guards=[readers_only], summary="All drafts of a process (staff, council)")
    async def list_drafts(self, db: Db, process_id: int) -> list[DraftOut]:
        return await services.list_drafts(db, process_id)

    @get("/draft", summary="The published draft version (what residents read)")
    async def published_draft(self, db: Db, process_id: int) -> DraftOut:
        draft = await services.published_draft(db, process_id)
        if draft is None or draft.published_version is None:
            raise NotFound("No draft has been published for this process yet.")
        return await services.draft_out(db, draft, draft.published_version, public=True)


class DraftController(Controller):
    path = "/api/v1/drafts/{draft_id:int}"
    tags = ["drafts"]

    @get("/", guards=[readers_only], summary="A draft at its current (or a given) version")
    async def get_draft(
        self, db: Db, draft_id: int, version: Annotated[int | None, QueryParameter(ge=1)] = None
    ) -> DraftOut:
        return await services.draft_out(db, await services.get_draft(db, draft_id), version)

    @put("/", guards=[staff_only], summary="Save a new version (409 if based on an old one)")
    async def edit_draft(
        self, db: Db, user: SignedInUser, draft_id: int, data: DraftEdit
    ) -> DraftOut:
        return await services.draft_out(db, await services.edit_draft(db, user.id, draft_id, data))

    @get("/versions", guards=[readers_only], summary="Versions of a draft")
    async def draft_versions(self, db: Db, draft_id: int) -> list[VersionOut]:
        return await services.list_versions(db, draft_id)

    @get(
        "/compare",
        guards=[readers_only],
        summary="新旧対照表: the items that changed between two versions, words marked",
    )
    async def compare_draft_versions(
        self, db: Db, draft_id: int, from_version: OldVersion, to_version: NewVersion
    ) -> DraftComparison:
        return await services.compare_versions(db, draft_id, from_version, to_version)

    @get(
        "/compare/docx",
        guards=[readers_only],
        media_type=DOCX,
        summary="新旧対照表 as a Word document (新 left, 旧 right)",
    )
    async def compare_draft_versions_docx(
        self, db: Db, draft_id: int, from_version: OldVersion, to_version: NewVersion
    ) -> Response[bytes]:
        comparison = await services.compare_versions(db, draft_id, from_version, to_version)
        by = await issuer(db)
        content = await asyncio.to_thread(comparison_docx, comparison, issuer=by)
        filename = f"draft-{draft_id}-v{from_version}-v{to_version}-comparison.docx"
        return Response(
            content,
            media_type=DOCX,
            headers={
                "Content-Disposition": f'attachment; filename="{filename}"',
                "Cache-Control": "no-store",
            },
        )

    @get("/lineage", summary="Each plan item traced back to themes, proposals and residents")
    async def draft_lineage(
        self,
        db: Db,
        viewer: Viewer,
        draft_id: int,
        version: Annotated[int | None, QueryParameter(ge=1)] = None,
    ) -> list[LineageItem]:
        draft = await services.get_draft(db, draft_id)
        staff = viewer is not None and viewer.role in READER_ROLES
        if staff:
            number = version or draft.current_version
        elif draft.published_version is not None and version in (None, draft.published_version):
            number = draft.published_version
        else:
            raise NotFound("Only the published version of a draft is public.")
        return await services.lineage(db, draft, number, public=not staff)

    @post(
        "/sections/{section_key:str}/comments",
        guards=[residents_only],
        summary="Comment on an item of the published draft: goal g1, measure g1-m1, action "
        "g1-m1-a1 or KPI g1-m1-k1 (feedback phase)",
    )
    async def comment_on_section(
        self,
        db: Db,
        user: SignedInUser,
        draft_id: int,
        section_key: Annotated[str, Parameter(pattern=ITEM_KEY_PATTERN, max_length=40)],
        data: SectionCommentCreate,
    ) -> SectionCommentOut:
        c = await services.add_section_comment(db, user, draft_id, section_key, data.body)
        return SectionCommentOut(
            c.id, c.section_key, c.version_number, user.display_name, c.body, c.created_at
        )

    @get(
        "/comments",
        summary="Residents' comments on the draft with the city's approved "
        "answers, all or on one item (section=g1-m1)",
    )
    async def list_draft_comments(
        self,
        db: Db,
        viewer: Viewer,
        draft_id: int,
        section: Annotated[str | None, QueryParameter(max_length=40)] = None,
    ) -> list[SectionCommentOut]:
        return await services.section_comments(db, draft_id, section, viewer)
