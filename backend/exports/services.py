"""Export jobs: start, run (collect → render → store), watch, download; and the public files.

A job runs in the API process that accepted it, right after the response (the file is small
enough to build in seconds, and the result is stored in the database so any API process can
serve it). A job whose process died is reported as failed once it is older than
``STALE_AFTER``; starting it again is one click.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.analysis.models import AnalysisRun
from backend.analysis.services import published_run, succeeded_run
from backend.audit.service import record_audit
from backend.core.database import Database, utcnow
from backend.core.errors import InvalidInput, NotFound
from backend.core.messages import N_
from backend.core.metrics import timed_job
from backend.drafts.models import Draft
from backend.drafts.services import get_draft, published_draft, version_content
from backend.exports import formats
from backend.exports.dates import EraStyle
from backend.exports.models import EXPORT_ACTIVE, ExportJob
from backend.exports.schemas import ExportJobOut, ExportRequest, PublicExportOut
from backend.exports.summary import Selection
from backend.processes.models import Process
from backend.processes.services import get_process
from backend.users.auth import CurrentUser

logger = logging.getLogger("kyoso.exports")
STALE_AFTER = timedelta(minutes=15)


# --- which run and draft ------------------------------------------------------------------


async def _latest_run(session: AsyncSession, process_id: int) -> AnalysisRun | None:
    return (
        (
            await session.execute(
                select(AnalysisRun)
                .where(AnalysisRun.process_id == process_id, AnalysisRun.status == "succeeded")
                .order_by(AnalysisRun.id.desc())
            )
        )
        .scalars()
        .first()
    )


async def staff_selection(
    session: AsyncSession, process_id: int, params: dict[str, int | str | None]
) -> Selection:
    """The run and draft version a staff export shows (see ``ExportRequest``)."""
    if params.get("run_id"):
        run: AnalysisRun | None = await succeeded_run(session, int(params["run_id"] or 0))
        if run is not None and run.process_id != process_id:
            raise InvalidInput(f"Run {run.id} belongs to another process.")
    else:
        run = await published_run(session, process_id) or await _latest_run(session, process_id)
    draft: Draft | None
    if params.get("draft_id"):
        draft = await get_draft(session, int(params["draft_id"] or 0))
        if draft.process_id != process_id:
            raise InvalidInput(f"Draft {draft.id} belongs to another process.")
    else:
        draft = (
            await published_draft(session, process_id)
            or (
                await session.execute(
                    select(Draft).where(Draft.process_id == process_id).order_by(Draft.id.desc())
                )
            )
            .scalars()
            .first()
        )
    version = None
    if draft is not None:
        version = (
            int(params.get("draft_version") or 0)
            or draft.published_version
            or draft.current_version
        )
        await version_content(session, draft, version)  # 404 for a version that is not there
    return Selection(run, draft, version, public=False)


async def public_selection(session: AsyncSession, process_id: int) -> Selection:
    """Only what residents can already see: the published run and the published draft."""
    run = await published_run(session, process_id)
    draft = await published_draft(session, process_id)
    return Selection(run, draft, draft.published_version if draft else None, public=True)


def public_reason(name: str, selection: Selection) -> str:
    """Why a public file cannot be downloaded yet ("" when it can)."""
    if name.startswith("opendata-") and selection.run is None:
        return N_("The themes of this process have not been published yet.")
    if name.startswith("public-comment-") and selection.draft is None:
        return N_("No draft has been published for this process yet.")
    return ""


# --- jobs ---------------------------------------------------------------------------------


def job_out(job: ExportJob) -> ExportJobOut:
    ready = job.status == "succeeded"
    return ExportJobOut(
        job.id,
        job.process_id,
        job.format,
        job.status,
        job.stage,
        job.progress,
        job.error,
        dict(job.params),
        job.filename,
        job.media_type,
        job.size,
        job.sha256,
        f"/api/v1/exports/{job.id}/download" if ready else None,
        job.created_at,
        job.finished_at,
    )


async def start_export(
    session: AsyncSession, user: CurrentUser, process_id: int, data: ExportRequest
) -> ExportJob:
    """Queue an export; the selection is checked now so that mistakes answer at once."""
    await get_process(session, process_id)
    params: dict[str, int | str | None] = {
        "run_id": data.run_id,
        "draft_id": data.draft_id,
        "draft_version": data.draft_version,
        "era": data.era,
    }
    await staff_selection(session, process_id, params)
    job = ExportJob(
        process_id=process_id, format=data.format, params=params, requested_by_id=user.id
    )
    session.add(job)
    await session.flush()
    record_audit(
        session,
        user.id,
        "export.requested",
        "export_job",
        job.id,
        process_id=process_id,
        format=data.format,
    )
    return job


async def get_job(session: AsyncSession, job_id: int) -> ExportJob:
    job = await session.get(ExportJob, job_id)
    if job is None:
        raise NotFound(f"There is no export {job_id}.")
    if job.status in EXPORT_ACTIVE and job.created_at < utcnow() - STALE_AFTER:
        job.status, job.stage, job.finished_at = "failed", "failed", utcnow()
        job.error = "The export was interrupted (the server restarted). Please start it again."
    return job


async def list_jobs(session: AsyncSession, process_id: int) -> list[ExportJobOut]:
    await get_process(session, process_id)
    jobs = (
        await session.execute(
            select(ExportJob)
            .where(ExportJob.process_id == process_id)
            .order_by(ExportJob.id.desc())
            .limit(100)
        )
    ).scalars()
    return [job_out(j) for j in jobs]


async def job_file(session: AsyncSession, job_id: int) -> tuple[ExportJob, bytes]:
    job = await get_job(session, job_id)
    if job.status != "succeeded":
        raise NotFound(f"Export {job_id} is {job.status}; its file is not ready.")
    content = (
        await session.execute(select(ExportJob.content).where(ExportJob.id == job_id))
    ).scalar_one()
    return job, content or b""


async def _progress(database: Database, job_id: int, **values: object) -> None:
    async with database.session(write=True) as session:
        await session.execute(update(ExportJob).where(ExportJob.id == job_id).values(**values))


async def execute_export(database: Database, job_id: int) -> None:
    """Build the file of a queued job and store it (or record why it failed)."""
    with timed_job("export") as timing:
        await _execute_export(database, job_id, timing)


async def _execute_export(database: Database, job_id: int, timing: dict[str, str]) -> None:
    await _progress(
        database, job_id, status="running", stage="collecting", progress=10, started_at=utcnow()
    )
    try:
        async with database.session(write=False) as session:
            job = await session.get(ExportJob, job_id)
            if job is None:
                return
            process = await get_process(session, job.process_id)
            selection = await staff_selection(session, process.id, dict(job.params))
            era: EraStyle = "japanese" if job.params.get("era") == "japanese" else "western"
            render = await formats.prepare(session, process, job.format, selection, era)
            name, media = (
                formats.filename(process, job.format),
                formats.FORMATS[job.format].media_type,
            )
        await _progress(database, job_id, stage="rendering", progress=40)
        content = await asyncio.to_thread(render)
        await _progress(
            database,
            job_id,
            status="succeeded",
            stage="done",
            progress=100,
            content=content,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            filename=name,
            media_type=media,
            finished_at=utcnow(),
        )
    except Exception as exc:  # the job records why; the API process keeps going
        logger.exception("export %s failed", job_id)
        timing["outcome"] = "failed"
        detail = getattr(exc, "detail", None) or f"{type(exc).__name__}: {exc}"
        await _progress(
            database, job_id, status="failed", stage="failed", error=detail, finished_at=utcnow()
        )


# --- public files -------------------------------------------------------------------------


async def public_exports(session: AsyncSession, process_id: int) -> list[PublicExportOut]:
    await get_process(session, process_id)
    selection = await public_selection(session, process_id)
    out = []
    for f in formats.FORMATS.values():
        if not f.public:
            continue
        reason = public_reason(f.name, selection)
        out.append(
            PublicExportOut(
                f.name,
                f.label,
                f.media_type,
                not reason,
                reason,
                None if reason else f"/api/v1/processes/{process_id}/public-exports/{f.name}",
            )
        )
    return out


async def public_file(session: AsyncSession, process_id: int, name: str) -> tuple[str, str, bytes]:
    """The published version of a public export, built on request."""
    process: Process = await get_process(session, process_id)
    selection = await public_selection(session, process_id)
    if reason := public_reason(name, selection):
        raise NotFound(reason)
    render = await formats.prepare(session, process, name, selection)
    content = await asyncio.to_thread(render)
    return formats.filename(process, name), formats.FORMATS[name].media_type, content
