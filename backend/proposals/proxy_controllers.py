"""Routes of proxy entry (代理入力): one submission, or a file of them (一括取り込み), and the
template staff fill in. Staff only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import anyio.to_thread
from litestar import Controller, Response, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body

from backend.core.dependencies import Db
from backend.core.errors import TooLarge, documented_errors
from backend.exports.labels import AGE_LABELS
from backend.processes.districts import list_districts
from backend.processes.services import get_process
from backend.proposals import offline_file, proxy
from backend.proposals.controllers import Reads, reads_dependency, written
from backend.proposals.offline_import import import_offline_sheet
from backend.proposals.schemas import (
    REFUSED_FILE,
    OfflineImportResult,
    ProposalOut,
    ProxyProposalCreate,
)
from backend.users.auth import staff_only
from backend.users.dependencies import SignedInUser

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class OfflineFileUpload:
    """The filled-in template (.xlsx or CSV) as multipart/form-data field ``file``."""

    file: UploadFile


def _download(content: bytes, media_type: str, name: str) -> Response[bytes]:
    return Response(
        content,
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "private, no-store",
        },
    )


class ProxyEntryController(Controller):
    path = "/api/v1/processes/{process_id:int}/proxy-proposals"
    tags = ["proposals"]
    guards = [staff_only]
    dependencies = reads_dependency

    @post(
        "/",
        summary="Enter a paper, meeting or phone submission on a resident's behalf; "
        "the answer carries its 受付番号 (reference_number)",
    )
    async def create_proxy_proposal(
        self, reads: Reads, db: Db, user: SignedInUser, process_id: int, data: ProxyProposalCreate
    ) -> ProposalOut:
        proposal = await proxy.create_proxy_proposal(db, user, process_id, data)
        return await written(reads, db, proposal, user)

    @get(
        "/template.xlsx",
        media_type=XLSX,
        summary="The Excel template for a bulk import of offline submissions",
    )
    async def proxy_template_xlsx(self, db: Db, process_id: int) -> Response[bytes]:
        await get_process(db, process_id)
        districts = [d.name_ja for d in await list_districts(db)]
        content = offline_file.template_xlsx(districts, list(AGE_LABELS.values()))
        return _download(content, XLSX, f"offline-proposals-{process_id}.xlsx")

    @get(
        "/template.csv",
        media_type="text/csv",
        summary="The CSV template (UTF-8 with BOM) for a bulk import of offline submissions",
    )
    async def proxy_template_csv(self, db: Db, process_id: int) -> Response[bytes]:
        await get_process(db, process_id)
        return _download(
            offline_file.template_csv(),
            "text/csv; charset=utf-8",
            f"offline-proposals-{process_id}.csv",
        )

    @post(
        "/import",
        status_code=201,
        # the file and a short form around it; over this Litestar stops reading (413)
        request_max_body_size=offline_file.MAX_BYTES + 64 * 1024,
        opt={"too_large_detail": offline_file.TOO_LARGE},
        raises=documented_errors(TooLarge),
        responses=REFUSED_FILE,
        summary="Import a file (.xlsx or CSV: UTF-8 or Shift_JIS) of offline submissions: "
        "every row or none (422 lists each row's problems)",
    )
    async def import_proxy_proposals(
        self,
        db: Db,
        user: SignedInUser,
        process_id: int,
        data: Annotated[OfflineFileUpload, Body(media_type=RequestEncodingType.MULTI_PART)],
        allow_duplicates: bool = False,
    ) -> OfflineImportResult:
        content = await data.file.read()
        # unzipping and parsing a full .xlsx takes a second or two: off the event loop
        sheet = await anyio.to_thread.run_sync(offline_file.read_offline_file, content)
        return await import_offline_sheet(
            db,
            user,
            process_id,
            sheet,
            allow_duplicates=allow_duplicates,
            source=data.file.filename or "",
        )
