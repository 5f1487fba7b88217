"""Routes: districts and processes (/api/v1/districts, /api/v1/processes)."""

from __future__ import annotations

from litestar import Controller, delete, get, patch, post

from backend.core.dependencies import Db
from backend.core.errors import Forbidden, documented_errors
from backend.processes import districts, services
from backend.processes.schemas import (
    DISTRICT_IN_USE,
    ArchivedFilter,
    DistrictCreate,
    DistrictMerge,
    DistrictMerged,
    DistrictOut,
    DistrictUpdate,
    ProcessCreate,
    ProcessOut,
    ProcessUpdate,
)
from backend.users.auth import staff_only
from backend.users.dependencies import SignedInUser, Viewer
from backend.users.public_view import is_staff


class DistrictController(Controller):
    path = "/api/v1/districts"
    tags = ["processes"]

    @get("/", summary="Districts of the city")
    async def list_districts(self, db: Db) -> list[DistrictOut]:
        return await districts.list_districts(db)

    @post("/", guards=[staff_only], summary="Add a district (planners)")
    async def create_district(
        self, db: Db, user: SignedInUser, data: DistrictCreate
    ) -> DistrictOut:
        return districts.district_out(await districts.create_district(db, user.id, data))

    @patch("/{code:str}", guards=[staff_only], summary="Rename or reorder a district (planners)")
    async def update_district(
        self, db: Db, user: SignedInUser, code: str, data: DistrictUpdate
    ) -> DistrictOut:
        return districts.district_out(await districts.update_district(db, user.id, code, data))

    @delete(
        "/{code:str}",
        guards=[staff_only],
        responses=DISTRICT_IN_USE,
        summary="Delete a district no proposal or account uses (planners)",
    )
    async def delete_district(self, db: Db, user: SignedInUser, code: str) -> None:
        await districts.delete_district(db, user.id, code)

    @post(
        "/{code:str}/merge",
        guards=[staff_only],
        summary="Move a district's proposals and accounts to another and delete it (planners)",
    )
    async def merge_district(
        self, db: Db, user: SignedInUser, code: str, data: DistrictMerge
    ) -> DistrictMerged:
        return await districts.merge_district(db, user.id, code, data)


class ProcessController(Controller):
    path = "/api/v1/processes"
    tags = ["processes"]

    @get(
        "/",
        raises=documented_errors(Forbidden),
        summary="All processes, newest first (archived ones only for staff who ask)",
    )
    async def list_processes(
        self, db: Db, viewer: Viewer, archived: ArchivedFilter = "exclude"
    ) -> list[ProcessOut]:
        if archived != "exclude" and (viewer is None or not is_staff(viewer)):
            raise Forbidden("Only planners and administrators can list archived processes.")
        return await services.list_processes(db, archived)

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

    @post(
        "/{process_id:int}/archive",
        guards=[staff_only],
        status_code=200,
        summary="Archive a process: out of the public list, read-only (planners)",
    )
    async def archive_process(self, db: Db, user: SignedInUser, process_id: int) -> ProcessOut:
        process = await services.set_archived(db, user.id, process_id, archived=True)
        return await services.process_out(db, process)

    @post(
        "/{process_id:int}/restore",
        guards=[staff_only],
        status_code=200,
        summary="Restore an archived process (planners)",
    )
    async def restore_process(self, db: Db, user: SignedInUser, process_id: int) -> ProcessOut:
        process = await services.set_archived(db, user.id, process_id, archived=False)
        return await services.process_out(db, process)
