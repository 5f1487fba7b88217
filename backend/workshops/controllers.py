"""Routes of workshops (ワークショップ・説明会): planners and admins only."""

from __future__ import annotations

from litestar import Controller, get, post

from backend.core.dependencies import Db
from backend.users.auth import staff_only
from backend.users.dependencies import SignedInUser
from backend.workshops import services
from backend.workshops.schemas import NoteBatch, NoteBatchResult, WorkshopCreate, WorkshopOut


class ProcessWorkshopsController(Controller):
    path = "/api/v1/processes/{process_id:int}/workshops"
    tags = ["workshops"]
    guards = [staff_only]

    @get("/", summary="The workshops and meetings (ワークショップ・説明会) of a process")
    async def list_workshops(self, db: Db, process_id: int) -> list[WorkshopOut]:
        return await services.list_workshops(db, process_id)

    @post("/", summary="Add a workshop or meeting: its title, day, place and tables (班)")
    async def create_workshop(
        self, db: Db, user: SignedInUser, process_id: int, data: WorkshopCreate
    ) -> WorkshopOut:
        return await services.create_workshop(db, user, process_id, data)


class WorkshopNotesController(Controller):
    path = "/api/v1/workshops/{workshop_id:int}/notes"
    tags = ["workshops"]
    guards = [staff_only]

    @post(
        "/",
        status_code=200,
        summary="Store sticky notes (付箋) typed at a workshop as meeting proposals; each "
        "note's UUID makes a resend store nothing twice",
    )
    async def store_notes(
        self, db: Db, user: SignedInUser, workshop_id: int, data: NoteBatch
    ) -> NoteBatchResult:
        return await services.store_notes(db, user, workshop_id, data)
