"""Routes of the import (過去の意見募集の取り込み): a preview of the file, then the import as a
new process. Staff only."""

from __future__ import annotations

from typing import Annotated, Any

import anyio.to_thread
import msgspec
from litestar import Controller, post
from litestar.enums import RequestEncodingType
from litestar.params import Body

from backend.core.dependencies import Db
from backend.core.errors import InvalidInput, TooLarge, documented_errors
from backend.imports import service
from backend.imports.reading import MAX_FILE_BYTES, MAX_VOTES_BYTES, TOO_LARGE, Table, read_upload
from backend.imports.schemas import (
    ImportPreview,
    ImportResult,
    ImportSettings,
    ImportUpload,
    PreviewSettings,
)
from backend.imports.votes import read_votes
from backend.proposals.schemas import REFUSED_FILE
from backend.users.auth import staff_only
from backend.users.dependencies import SignedInUser

# both files and the settings; over this Litestar stops reading (413)
MAX_REQUEST_BYTES = MAX_FILE_BYTES + MAX_VOTES_BYTES + 64 * 1024


def _settings(text: str, shape: Any) -> Any:
    try:
        return msgspec.json.decode(text or "{}", type=shape)
    except msgspec.ValidationError as exc:
        raise InvalidInput(
            f"The import settings are not valid: {exc}.",
            errors=[{"field": "settings", "message": str(exc)}],
        ) from exc
    except msgspec.DecodeError as exc:
        raise InvalidInput(
            "The import settings must be a JSON object.",
            errors=[{"field": "settings", "message": "not JSON"}],
        ) from exc


async def _tables(data: ImportUpload) -> tuple[Table, Table | None]:
    content = await data.file.read()
    votes = await data.votes.read() if data.votes is not None else b""
    # unzipping an .xlsx or reading a large votes.csv takes seconds: off the event loop
    table = await anyio.to_thread.run_sync(read_upload, content, data.file.filename or "file")
    if not votes:
        return table, None
    votes_name = (data.votes.filename if data.votes else "") or "votes.csv"
    return table, await anyio.to_thread.run_sync(read_votes, votes, votes_name)


Upload = Annotated[ImportUpload, Body(media_type=RequestEncodingType.MULTI_PART)]


class ImportController(Controller):
    path = "/api/v1/imports"
    tags = ["imports"]
    guards = [staff_only]

    @post(
        "/preview",
        status_code=200,
        request_max_body_size=MAX_REQUEST_BYTES,
        opt={"too_large_detail": TOO_LARGE},
        raises=documented_errors(TooLarge),
        summary="Read an earlier consultation's file (CSV in UTF-8 or Shift_JIS, or .xlsx; "
        "Pol.is: comments.csv and votes.csv): its format, columns, first rows and "
        "the suggested column for each field. Nothing is stored.",
    )
    async def preview_import(self, data: Upload) -> ImportPreview:
        settings: PreviewSettings = _settings(data.settings, PreviewSettings)
        table, votes = await _tables(data)
        return service.preview(table, votes, settings.format)

    @post(
        "/",
        status_code=201,
        request_max_body_size=MAX_REQUEST_BYTES,
        opt={"too_large_detail": TOO_LARGE},
        raises=documented_errors(TooLarge),
        responses=REFUSED_FILE,
        summary="Import an earlier consultation as a new process in the テーマ整理 phase: "
        "every row or none (422 lists each row's problems)",
    )
    async def import_consultation(self, db: Db, user: SignedInUser, data: Upload) -> ImportResult:
        settings: ImportSettings = _settings(data.settings, ImportSettings)
        table, votes = await _tables(data)
        source, rows, source_votes = await anyio.to_thread.run_sync(
            service.checked_import, table, votes, settings
        )
        return await service.import_consultation(
            db,
            user,
            settings,
            source,
            rows,
            source_votes,
            (table.filename, votes.filename if votes else ""),
        )
