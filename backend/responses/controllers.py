"""Routes: the public-comment table (public) and writing responses (planners)."""

from __future__ import annotations

from litestar import get, put

from backend.core.dependencies import Db, SignedInUser, Viewer
from backend.core.public_view import is_staff
from backend.responses import services
from backend.responses.schemas import ResponseOut, ResponseTable, ResponseUpsert
from backend.users.auth import staff_only


@get("/api/v1/processes/{process_id:int}/responses", tags=["responses"],
     summary="意見の概要と市の考え方: the city's responses with counts per status")
async def list_responses(db: Db, viewer: Viewer, process_id: int) -> ResponseTable:
    return await services.response_table(db, process_id, public=not is_staff(viewer))


@put("/api/v1/processes/{process_id:int}/responses", tags=["responses"], guards=[staff_only],
     summary="Write or update the city's response to a theme or a proposal")
async def save_response(db: Db, user: SignedInUser, process_id: int,
                        data: ResponseUpsert) -> ResponseOut:
    row = await services.upsert_response(db, user.id, process_id, data)
    return await services.titled_response(db, row, public=False)
