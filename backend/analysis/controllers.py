"""Routes: analysis runs, theme review, opinion groups (staff; councils read) and the public
themes and similar-proposal hint."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.background_tasks import BackgroundTask
from litestar.params import QueryParameter

from backend.analysis import services
from backend.analysis.embedding_models import require_allowed_model
from backend.analysis.runner import ANALYSIS
from backend.analysis.schemas import (
    AnalysisParams,
    DuplicateGroupOut,
    OpinionsOut,
    RunComparison,
    RunOut,
    ThemeBoard,
    ThemeEditOut,
    ThemeEditRequest,
    ThemeOut,
)
from backend.analysis.similar import SIMILAR, SimilarItem
from backend.analysis.theme_edits import edit_themes, list_edits
from backend.core.app_state import DATABASE, SETTINGS
from backend.core.dependencies import Db
from backend.core.errors import Conflict, documented_errors
from backend.core.ratelimit import rate_limited
from backend.jobs.queue import JOB_QUEUE
from backend.processes.services import get_process
from backend.users.auth import readers_only, staff_only
from backend.users.dependencies import SignedInUser


class PublicThemes(msgspec.Struct):
    run_id: int | None
    themes: list[ThemeOut]


def _enqueue(request: Request[Any, Any, Any], run_id: int) -> BackgroundTask:
    """Enqueue after the response, i.e. after the run row is committed."""
    return BackgroundTask(JOB_QUEUE.of(request).enqueue, ANALYSIS, run_id)


class ProcessAnalysisController(Controller):
    path = "/api/v1/processes/{process_id:int}"
    tags = ["analysis"]

    @post("/analysis-runs", guards=[staff_only], summary="Start an analysis run (planners)")
    async def start_run(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        user: SignedInUser,
        process_id: int,
        data: AnalysisParams,
    ) -> Response[RunOut]:
        require_allowed_model(SETTINGS.of(request), data.model)
        run = await services.start_run(db, user.id, process_id, data)
        return Response(
            services.run_out(run), status_code=201, background=_enqueue(request, run.id)
        )

    @get("/analysis-runs", guards=[readers_only], summary="Analysis runs of a process")
    async def list_runs(self, db: Db, process_id: int) -> list[RunOut]:
        return await services.list_runs(db, process_id)

    @get("/themes", summary="Published themes (what residents see)")
    async def public_themes(self, db: Db, process_id: int) -> PublicThemes:
        await get_process(db, process_id)
        run = await services.published_run(db, process_id)
        if run is None:
            return PublicThemes(None, [])
        board = await services.theme_board(db, run, staff=False)
        return PublicThemes(run.id, board.themes)

    @get(
        "/similar",
        guards=[rate_limited("similar")],
        summary="Existing proposals similar to a draft (is your idea here?)",
    )
    async def similar_proposals(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        process_id: int,
        text: Annotated[str, QueryParameter(min_length=2, max_length=4000)],
        k: Annotated[int, QueryParameter(ge=1, le=20)] = 5,
    ) -> list[SimilarItem]:
        await get_process(db, process_id)
        return await SIMILAR.of(request).query(db, JOB_QUEUE.of(request), process_id, text, k)


class AnalysisRunController(Controller):
    path = "/api/v1/analysis-runs/{run_id:int}"
    tags = ["analysis"]

    @get("/", guards=[readers_only], summary="One run with its status and progress")
    async def get_run(self, db: Db, run_id: int) -> RunOut:
        return services.run_out(await services.get_run(db, run_id))

    @post("/cancel", guards=[staff_only], status_code=200, summary="Cancel a queued or running run")
    async def cancel_run(self, db: Db, user: SignedInUser, run_id: int) -> RunOut:
        return services.run_out(await services.cancel_run(db, user.id, run_id))

    @post("/retry", guards=[staff_only], status_code=200, summary="Queue a failed run again")
    async def retry_run(
        self, request: Request[Any, Any, Any], db: Db, user: SignedInUser, run_id: int
    ) -> Response[RunOut]:
        run = await services.retry_run(db, user.id, run_id)
        return Response(services.run_out(run), background=_enqueue(request, run.id))

    @post(
        "/unpublish",
        guards=[staff_only],
        status_code=200,
        summary="Hide this run's themes from residents (showing them needs an approval)",
    )
    async def unpublish_run(self, db: Db, user: SignedInUser, run_id: int) -> RunOut:
        return services.run_out(await services.publish_run(db, user.id, run_id, False))

    @get(
        "/themes",
        guards=[readers_only],
        raises=documented_errors(Conflict),
        summary="The theme board: edited themes and the map",
    )
    async def run_themes(self, db: Db, run_id: int) -> ThemeBoard:
        return await services.theme_board(db, await services.succeeded_run(db, run_id), staff=True)

    @post(
        "/theme-edits",
        guards=[staff_only],
        summary="Rename, summarise, merge, split, move or exclude (planners)",
    )
    async def edit_themes(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        user: SignedInUser,
        run_id: int,
        data: ThemeEditRequest,
    ) -> ThemeBoard:
        run = await services.succeeded_run(db, run_id)
        await edit_themes(db, DATABASE.of(request), user.id, run, data)
        return await services.theme_board(db, run, staff=True)

    @get("/theme-edits", guards=[readers_only], summary="The edits made on this run, in order")
    async def list_theme_edits(self, db: Db, run_id: int) -> list[ThemeEditOut]:
        await services.get_run(db, run_id)
        return await list_edits(db, run_id)

    @get(
        "/opinions",
        guards=[readers_only],
        raises=documented_errors(Conflict),
        summary="Opinion groups with consensus and divisive statements",
    )
    async def run_opinions(self, db: Db, run_id: int) -> OpinionsOut:
        return await services.opinions(db, await services.succeeded_run(db, run_id))

    @get(
        "/duplicates",
        guards=[readers_only],
        raises=documented_errors(Conflict),
        summary="Near-duplicate and campaign groups",
    )
    async def run_duplicates(self, db: Db, run_id: int) -> list[DuplicateGroupOut]:
        return await services.near_duplicates(db, await services.succeeded_run(db, run_id))

    @get(
        "/compare/{other_id:int}",
        guards=[readers_only],
        raises=documented_errors(Conflict),
        summary="Which proposals changed theme between two runs",
    )
    async def compare_runs(self, db: Db, run_id: int, other_id: int) -> RunComparison:
        return await services.compare_runs(db, run_id, other_id)
