"""Processes (取組): their settings, phase timeline and archiving (districts: ``districts.py``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit.service import record_audit
from backend.core.database import utcnow
from backend.core.errors import Conflict, InvalidInput, NotFound
from backend.core.features import HookPoint
from backend.processes.channels import channel_column, open_actions
from backend.processes.models import Process, ProcessPhase
from backend.processes.phases import PHASES, allowed_actions
from backend.processes.schemas import (
    ArchivedFilter,
    PhaseChange,
    PhaseDates,
    ProcessCreate,
    ProcessOut,
    ProcessUpdate,
)

# proposals/ and notifications/ sit above processes/ (they read a process's phase), so they
# implement these
COUNT_PUBLISHED_PROPOSALS: HookPoint[Callable[[AsyncSession, int], Awaitable[int]]] = HookPoint(
    "count_published_proposals"
)
"""How many published proposals the process (by id) has."""
DRAFT_OPENED: HookPoint[Callable[[AsyncSession, Process], Awaitable[None]]] = HookPoint(
    "draft_opened"
)
"""The process's draft plan opened for public comments (it entered ``feedback``)."""


async def get_process(session: AsyncSession, process_id: int) -> Process:
    process = await session.get(Process, process_id)
    if process is None:
        raise NotFound(f"There is no process {process_id}.")
    return process


def _phase_rows(phases: list[PhaseDates]) -> list[ProcessPhase]:
    seen = [p.phase for p in phases]
    if len(set(seen)) != len(seen):
        raise InvalidInput(
            "Each phase may appear only once in the timeline.",
            errors=[{"field": "phases", "message": "a phase appears twice"}],
        )
    for i, p in enumerate(phases):
        if p.starts_on and p.ends_on and p.ends_on < p.starts_on:
            raise InvalidInput(
                f"The phase '{p.phase}' ends before it starts.",
                errors=[{"field": f"phases[{i}].ends_on", "message": "ends before it starts"}],
            )
    ordered = sorted(phases, key=lambda p: PHASES.index(p.phase))
    return [
        ProcessPhase(
            phase=p.phase, position=PHASES.index(p.phase), starts_on=p.starts_on, ends_on=p.ends_on
        )
        for p in ordered
    ]


def _replace_timeline(process: Process, rows: list[ProcessPhase]) -> None:
    """Update the rows of phases that stay in place: assigning a new list would insert the new
    rows before deleting the old ones, and (process_id, phase) is unique (that was a 500)."""
    current = {p.phase: p for p in process.phases}
    kept = []
    for row in rows:
        if (existing := current.get(row.phase)) is not None:
            existing.position, existing.starts_on, existing.ends_on = (
                row.position,
                row.starts_on,
                row.ends_on,
            )
            row = existing
        kept.append(row)
    process.phases = kept


def landmark_column(names: list[str]) -> str:
    """Landmarks as stored: one per line, trimmed, blanks and repeats dropped, order kept."""
    return "\n".join(dict.fromkeys(n.strip() for n in names if n.strip()))


async def process_out(session: AsyncSession, process: Process) -> ProcessOut:
    count = await COUNT_PUBLISHED_PROPOSALS.implementation(session, process.id)
    return ProcessOut(
        process.id,
        process.slug,
        process.title_ja,
        process.title_en,
        process.description_ja,
        process.description_en,
        process.phase,
        [PhaseDates(p.phase, p.starts_on, p.ends_on) for p in process.phases],
        open_actions(allowed_actions(process.acting_phase), process.channel_list),
        count,
        process.created_at,
        process.channel_list,
        process.archived_at,
        process.landmark_list,
        process.min_level_to_propose,
        process.min_level_to_vote,
    )


async def list_processes(
    session: AsyncSession, archived: ArchivedFilter = "exclude"
) -> list[ProcessOut]:
    """Newest first; archived processes only when staff ask for them."""
    query = select(Process).order_by(Process.id.desc())
    if archived == "exclude":
        query = query.where(Process.archived_at.is_(None))
    elif archived == "only":
        query = query.where(Process.archived_at.is_not(None))
    processes = (await session.execute(query)).scalars()
    return [await process_out(session, p) for p in processes]


async def create_process(session: AsyncSession, actor_id: int, data: ProcessCreate) -> Process:
    if (await session.execute(select(Process.id).where(Process.slug == data.slug))).first():
        raise Conflict(
            f"A process with the slug '{data.slug}' already exists. Choose another.",
            errors=[{"field": "slug", "message": "already used"}],
        )
    process = Process(
        slug=data.slug,
        title_ja=data.title_ja.strip(),
        title_en=data.title_en,
        description_ja=data.description_ja,
        description_en=data.description_en,
        phase="ideas",
        phases=_phase_rows(data.phases),
        channels=channel_column(data.channels),
        landmarks=landmark_column(data.landmarks),
        min_level_to_propose=data.min_level_to_propose,
        min_level_to_vote=data.min_level_to_vote,
    )
    session.add(process)
    await session.flush()
    record_audit(session, actor_id, "process.created", "process", process.id, slug=data.slug)
    return process


async def update_process(
    session: AsyncSession, actor_id: int, process_id: int, data: ProcessUpdate
) -> Process:
    process = await get_process(session, process_id)
    _ensure_not_archived(process)
    changed: dict[str, object] = {}
    for field in (
        "title_ja",
        "title_en",
        "description_ja",
        "description_en",
        "min_level_to_propose",
        "min_level_to_vote",
    ):
        value = getattr(data, field)
        if value is not None:
            setattr(process, field, value)
            changed[field] = value
    if data.channels is not None:
        process.channels = changed["channels"] = channel_column(data.channels)
    if data.landmarks is not None:
        process.landmarks = landmark_column(data.landmarks)
        changed["landmarks"] = process.landmark_list
    if data.phases is not None:
        _replace_timeline(process, _phase_rows(data.phases))
        await session.flush()
        changed["phases"] = [p.phase for p in data.phases]
    record_audit(
        session, actor_id, "process.updated", "process", process.id, fields=sorted(changed)
    )
    return process


async def change_phase(
    session: AsyncSession, actor_id: int, process_id: int, data: PhaseChange
) -> Process:
    """Planners move a process to any phase (forward, or back to reopen it); it is audited."""
    process = await get_process(session, process_id)
    _ensure_not_archived(process)
    if process.phase == data.phase:
        raise Conflict(f"The process is already in the '{data.phase}' phase.")
    previous = process.phase
    process.phase = data.phase
    record_audit(
        session,
        actor_id,
        "process.phase_changed",
        "process",
        process.id,
        before=previous,
        after=data.phase,
    )
    if data.phase == "feedback":  # the draft plan opens for public comments
        await DRAFT_OPENED.implementation(session, process)
    return process


def _ensure_not_archived(process: Process) -> None:
    if process.archived_at is not None:
        raise Conflict(
            f"The process '{process.slug}' is archived and cannot be changed. Restore it first."
        )


async def set_archived(
    session: AsyncSession, actor_id: int, process_id: int, archived: bool
) -> Process:
    """Archive (アーカイブ) or restore a process; both are audited."""
    process = await get_process(session, process_id)
    if archived:
        _ensure_not_archived(process)
        process.archived_at = utcnow()
    else:
        if process.archived_at is None:
            raise Conflict(f"The process '{process.slug}' is not archived.")
        process.archived_at = None
    action = "process.archived" if archived else "process.restored"
    record_audit(session, actor_id, action, "process", process.id, slug=process.slug)
    return process
