"""Routes: council exports as jobs (planners, councils, admins) and the public files
(anyone, once published)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import anyio.to_thread
from litestar import Controller, Request, Response, get, post
from litestar.background_tasks import BackgroundTask
from litestar.openapi.spec import OpenAPIMediaType, OpenAPIResponse, Operation, Schema
from litestar.openapi.spec.enums import OpenAPIFormat, OpenAPIType

from backend.core.app_state import SETTINGS
from backend.core.dependencies import Db
from backend.exports import services
from backend.exports.formats import FORMATS
from backend.exports.paper_form import FormSize, form_digest, paper_form_content, paper_form_pdf
from backend.exports.schemas import (
    ExportJobOut,
    ExportRequest,
    PublicExportOut,
    PublicFormatName,
)
from backend.jobs.queue import JOB_QUEUE
from backend.users.auth import readers_only
from backend.users.dependencies import SignedInUser


@dataclass
class FileDownload(Operation):
    """OpenAPI: a download answers with one of the export file types."""

    def __post_init__(self) -> None:
        binary = Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY)
        content = {f.media_type: OpenAPIMediaType(schema=binary) for f in FORMATS.values()}
        self.responses = {
            **(self.responses or {}),
            "200": OpenAPIResponse(description="The exported file", content=content),
        }


def _attachment(filename: str, media_type: str, content: bytes) -> Response[bytes]:
    return Response(
        content,
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


class ProcessExportsController(Controller):
    path = "/api/v1/processes/{process_id:int}"
    tags = ["exports"]

    @post(
        "/exports",
        guards=[readers_only],
        status_code=202,
        summary="Start an export (co-creation summary, open data, public-comment table)",
    )
    async def start_export(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        user: SignedInUser,
        process_id: int,
        data: ExportRequest,
    ) -> Response[ExportJobOut]:
        job = await services.start_export(db, user, process_id, data)
        # enqueued after the response, i.e. after the job row is committed (a lost enqueue is
        # made good by the recovery sweep)
        task = BackgroundTask(JOB_QUEUE.of(request).enqueue, services.EXPORT, job.id)
        return Response(services.job_out(job), status_code=202, background=task)

    @get(
        "/paper-form.pdf",
        media_type="application/pdf",
        summary="The printable paper form (A4 PDF): size=standard, or large print over two "
        "pages; public, for the city to print and hand out",
    )
    async def paper_form(
        self, request: Request[Any, Any, Any], db: Db, process_id: int, size: FormSize = "standard"
    ) -> Response[bytes]:
        # the printed address is the public one (KYOSO_PUBLIC_URL), not the proxy's upstream
        form = await paper_form_content(db, process_id, SETTINGS.of(request).public_url)
        etag = f'"{form_digest(form, size)}"'
        headers = {
            "Cache-Control": "public, max-age=300",
            "ETag": etag,
            "Content-Disposition": f'inline; filename="paper-form-{process_id}-{size}.pdf"',
        }
        if request.headers.get("if-none-match") == etag:
            return Response(b"", status_code=304, headers=headers)
        # about a second of CPU (the font is subset): off the event loop
        content = await anyio.to_thread.run_sync(paper_form_pdf, form, size)
        return Response(content, media_type="application/pdf", headers=headers)

    @get("/exports", guards=[readers_only], summary="Recent exports of a process")
    async def list_exports(self, db: Db, process_id: int) -> list[ExportJobOut]:
        return await services.list_jobs(db, process_id)

    @get("/public-exports", summary="The public files of a process and whether they are out")
    async def list_public_exports(self, db: Db, process_id: int) -> list[PublicExportOut]:
        return await services.public_exports(db, process_id)

    @get(
        "/public-exports/{format_name:str}",
        summary="Download a published public file (open data, public-comment table)",
        operation_class=FileDownload,
    )
    async def public_export_file(
        self, db: Db, process_id: int, format_name: PublicFormatName
    ) -> Response[bytes]:
        return _attachment(*await services.public_file(db, process_id, format_name))


class ExportController(Controller):
    path = "/api/v1/exports/{job_id:int}"
    tags = ["exports"]

    @get("/", guards=[readers_only], summary="An export's status, progress and download link")
    async def get_export(self, db: Db, job_id: int) -> ExportJobOut:
        return services.job_out(await services.get_job(db, job_id))

    @get(
        "/download",
        guards=[readers_only],
        summary="Download a finished export",
        operation_class=FileDownload,
    )
    async def download_export(self, db: Db, job_id: int) -> Response[bytes]:
        job, content = await services.job_file(db, job_id)
        return _attachment(
            job.filename or f"export-{job.id}",
            job.media_type or "application/octet-stream",
            content,
        )
