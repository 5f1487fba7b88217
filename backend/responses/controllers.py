"""Routes: the public-comment table (public) and writing responses (planners)."""

from __future__ import annotations

from typing import Annotated

from litestar import get, post, put
from litestar.params import QueryParameter

from backend.core.dependencies import Db
from backend.core.errors import Conflict, InvalidInput, NotFound, documented_errors
from backend.responses import services
from backend.responses.bulk import BulkResponse, BulkResult, bulk_respond
from backend.responses.schemas import ResponseOut, ResponseTable, ResponseUpsert
from backend.responses.worklist import WorkKind, Worklist, WorkState, worklist
from backend.users.auth import staff_only
from backend.users.dependencies import SignedInUser, Viewer
from backend.users.public_view import is_staff


@get(
    "/api/v1/processes/{process_id:int}/responses",
    tags=["responses"],
    summary="意見の概要と市の考え方: the city's responses with counts per status",
)
async def list_responses(db: Db, viewer: Viewer, process_id: int) -> ResponseTable:
    return await services.response_table(db, process_id, public=not is_staff(viewer))


@put(
    "/api/v1/processes/{process_id:int}/responses",
    tags=["responses"],
    guards=[staff_only],
    summary="Write or update the city's response to a theme or a proposal",
)
async def save_response(
    db: Db, user: SignedInUser, process_id: int, data: ResponseUpsert
) -> ResponseOut:
    row = await services.upsert_response(db, user.id, process_id, data)
    return await services.titled_response(db, row, public=False)


@get(
    "/api/v1/processes/{process_id:int}/responses/worklist",
    tags=["responses"],
    guards=[staff_only],
    raises=documented_errors(InvalidInput, NotFound),
    summary="回答の作業一覧: proposals, themes or draft comments to answer, with the progress",
)
async def response_worklist(
    db: Db,
    process_id: int,
    kind: Annotated[WorkKind, QueryParameter()] = "proposal",
    answered: Annotated[WorkState, QueryParameter(name="state")] = "unanswered",
    theme: Annotated[str | None, QueryParameter(max_length=40)] = None,
    q: Annotated[str | None, QueryParameter(max_length=200, description="search words")] = None,
    limit: Annotated[int, QueryParameter(ge=1, le=100)] = 50,
    cursor: Annotated[str | None, QueryParameter(max_length=200)] = None,
) -> Worklist:
    return await worklist(db, process_id, kind, answered, theme, q, limit, cursor)


@post(
    "/api/v1/processes/{process_id:int}/responses/bulk",
    tags=["responses"],
    guards=[staff_only],
    status_code=200,
    raises=documented_errors(Conflict, NotFound),
    summary="まとめて回答: the same response to every visible proposal of a theme",
)
async def bulk_response(
    db: Db, user: SignedInUser, process_id: int, data: BulkResponse
) -> BulkResult:
    return await bulk_respond(db, user.id, process_id, data)
