"""Workshops and their notes: creating one, listing them, storing a batch of notes once."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit.service import record_audit
from backend.core.errors import Conflict, InvalidInput, NotFound
from backend.processes.channels import ensure_channel_open
from backend.processes.phases import ensure_phase_allows
from backend.processes.services import get_process
from backend.proposals.models import Proposal
from backend.proposals.proxy import store_offline_rows, today_jst
from backend.proposals.schemas import ProxyProposalCreate
from backend.users.auth import CurrentUser
from backend.workshops.models import Workshop, WorkshopNote
from backend.workshops.schemas import (
    NoteBatch,
    NoteBatchResult,
    NoteIn,
    SavedNote,
    WorkshopCreate,
    WorkshopOut,
)

TITLE_LENGTH = 40  # a note has no title: its first line, cut, is the proposal's


def note_title(text: str) -> str:
    """The proposal title of a note: its first non-blank line, at most 40 characters."""
    line = next(line.strip() for line in text.splitlines() if line.strip())
    return line if len(line) <= TITLE_LENGTH else line[: TITLE_LENGTH - 1] + "…"


async def create_workshop(
    session: AsyncSession, staff: CurrentUser, process_id: int, data: WorkshopCreate
) -> WorkshopOut:
    await get_process(session, process_id)
    tables = [t.strip() for t in data.tables]
    if len(set(tables)) != len(tables):
        raise InvalidInput(
            "Each table needs its own name (two tables have the same one).",
            errors=[{"field": "tables", "message": "a table appears twice"}],
        )
    workshop = Workshop(
        process_id=process_id,
        title=data.title.strip(),
        held_on=data.held_on,
        place=data.place.strip(),
        tables=tables,
        created_by_id=staff.id,
    )
    session.add(workshop)
    await session.flush()
    record_audit(
        session,
        staff.id,
        "workshop.created",
        "process",
        process_id,
        workshop_id=workshop.id,
        title=workshop.title,
    )
    return _out(workshop, 0)


def _out(workshop: Workshop, notes: int) -> WorkshopOut:
    return WorkshopOut(
        workshop.id,
        workshop.process_id,
        workshop.title,
        workshop.held_on,
        workshop.place,
        list(workshop.tables),
        notes,
    )


async def list_workshops(session: AsyncSession, process_id: int) -> list[WorkshopOut]:
    await get_process(session, process_id)
    counts = (
        select(WorkshopNote.workshop_id, func.count().label("n"))
        .group_by(WorkshopNote.workshop_id)
        .subquery()
    )
    rows = (
        await session.execute(
            select(Workshop, func.coalesce(counts.c.n, 0))
            .outerjoin(counts, counts.c.workshop_id == Workshop.id)
            .where(Workshop.process_id == process_id)
            .order_by(Workshop.held_on.desc(), Workshop.id.desc())
        )
    ).all()
    return [_out(w, int(n)) for w, n in rows]


async def _locked_workshop(session: AsyncSession, workshop_id: int) -> Workshop:
    # the row lock queues two batches of one workshop (PostgreSQL), so the second sees the
    # notes the first stored and a resend racing its original stores nothing twice; SQLite's
    # writer transaction already serialises them
    workshop = (
        await session.execute(select(Workshop).where(Workshop.id == workshop_id).with_for_update())
    ).scalar_one_or_none()
    if workshop is None:
        raise NotFound(f"There is no workshop {workshop_id}.")
    return workshop


async def store_notes(
    session: AsyncSession, staff: CurrentUser, workshop_id: int, batch: NoteBatch
) -> NoteBatchResult:
    """Each note of ``batch`` stored once as a meeting proposal; notes stored by an earlier
    request (the same UUIDs) are answered as they were, not stored again."""
    workshop = await _locked_workshop(session, workshop_id)
    process = await get_process(session, workshop.process_id)
    ensure_phase_allows(process.acting_phase, "proxy_entry")
    ensure_channel_open(process.channel_list, "meeting")
    once: dict[str, NoteIn] = {}
    for n in batch.notes:  # a note twice in one batch is one note
        once.setdefault(str(n.id), n)
    notes = list(once.values())
    unknown = sorted({n.table for n in notes} - set(workshop.tables))
    if unknown:
        raise InvalidInput(
            f"This workshop has no table {'、'.join(unknown)}; its tables are "
            f"{'、'.join(workshop.tables)}. Choose one of them.",
            errors=[{"field": "notes.table", "message": "not a table of this workshop"}],
        )
    earlier = {
        note.id: (note, number)
        for note, number in (
            await session.execute(
                select(WorkshopNote, Proposal.reference_number)
                .join(Proposal, Proposal.id == WorkshopNote.proposal_id)
                .where(WorkshopNote.id.in_([str(n.id) for n in notes]))
            )
        ).all()
    }
    if any(note.workshop_id != workshop.id for note, _ in earlier.values()):
        raise Conflict(
            "A note of this batch was already saved for another workshop. "
            "Reload the workshop screen to start a new note list."
        )
    fresh = [n for n in notes if str(n.id) not in earlier]
    stored = await _store(session, staff, workshop, fresh) if fresh else {}
    saved = []
    for n in notes:
        if str(n.id) in earlier:
            note, number = earlier[str(n.id)]
            saved.append(SavedNote(n.id, note.table_name, note.proposal_id, number, True))
        else:
            proposal = stored[str(n.id)]
            saved.append(SavedNote(n.id, n.table, proposal.id, proposal.reference_number, False))
    return NoteBatchResult(saved)


async def _store(
    session: AsyncSession, staff: CurrentUser, workshop: Workshop, notes: list[NoteIn]
) -> dict[str, Proposal]:
    received_on = min(workshop.held_on, today_jst())  # 受付日: never in the future
    rows = [
        ProxyProposalCreate(
            title=note_title(n.text),
            body=n.text.strip(),
            channel="meeting",
            received_on=received_on,
        )
        for n in notes
    ]
    proposals = await store_offline_rows(
        session,
        staff,
        workshop.process_id,
        rows,
        source=f"ワークショップ「{workshop.title}」（{workshop.held_on}）",
    )
    session.add_all(
        [
            WorkshopNote(
                id=str(n.id), workshop_id=workshop.id, proposal_id=p.id, table_name=n.table
            )
            for n, p in zip(notes, proposals, strict=True)
        ]
    )
    await session.flush()
    return {str(n.id): p for n, p in zip(notes, proposals, strict=True)}
