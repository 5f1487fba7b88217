"""Routes: districts and processes (/api/v1/districts, /api/v1/processes)."""

from __future__ import annotations

from litestar import Controller, get, patch, post

from backend.core.dependencies import Db, SignedInUser
from backend.processes import services
from backend.processes.schemas import (
    DistrictOut,
    ProcessCreate,
    ProcessOut,
    ProcessUpdate,
)
from backend.users.auth import staff_only


@get("/api/v1/districts", tags=["processes"], summary="Districts of the city")
async def list_districts(db: Db) -> list[DistrictOut]:
    return await services.list_districts(db)


class ProcessController(Controller):
    path = "/api/v1/processes"
    tags = ["processes"]

    @get("/", summary="All processes, newest first")
    async def list_processes(self, db: Db) -> list[ProcessOut]:
        return await services.list_processes(db)

    @get("/{process_id:int}", summary="One process with its phase timeline")
    async def get_process(self, db: Db, process_id: int) -> ProcessOut:
        return await services.process_out(db, await services.get_process(db, process_id))

    @post("/", guards=[staff_only], summary="Create a process (planners)")
    async def create_process(self, db: Db, user: SignedInUser, data: ProcessCreate) -> ProcessOut:
        process = await services.create_process(db, user.id, data)
        return await services.process_out(db, process)

    @patch("/{process_id:int}", guards=[staff_only], summary="Edit a process (planners)")
    async def update_process(
        self, db: Db, user: SignedInUser, process_id: int, data: ProcessUpdate
    ) -> ProcessOut:
        process = await services.update_process(db, user.id, process_id, data)
        return await services.process_out(db, process)
