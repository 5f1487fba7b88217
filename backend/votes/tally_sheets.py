"""Tally sheets (集計表): staff type in the counts of one proposal from an offline channel —
a meeting's show of hands, a box of paper slips — and they join the proposal's tallies.

Each sheet is a row (who, when, channel, counts, meeting and note) and every entry, correction
and removal is also in the audit log with the counts before and after. A correction moves the
tallies by the difference, under the sheet's row lock, so two staff correcting the same sheet
at once end with the tallies of the sheet's last version.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit.service import record_audit
from backend.core.database import utcnow
from backend.core.errors import NotFound
from backend.users.auth import CurrentUser
from backend.votes.models import TallySheet
from backend.votes.offline_schemas import TallySheetCreate, TallySheetUpdate
from backend.votes.offline_tallies import (
    add_offline_counts,
    ensure_votable_proposals,
    open_for_offline_votes,
)


def _counts(sheet: TallySheet) -> tuple[int, int, int]:
    return sheet.agree_count, sheet.disagree_count, sheet.pass_count


async def enter_tally_sheet(
    session: AsyncSession, staff: CurrentUser, process_id: int, data: TallySheetCreate
) -> TallySheet:
    """A new sheet, its counts added to the proposal's tallies."""
    await open_for_offline_votes(session, process_id)
    await ensure_votable_proposals(session, process_id, [data.proposal_id], "proposal_id")
    sheet = TallySheet(
        process_id=process_id,
        proposal_id=data.proposal_id,
        channel=data.channel,
        agree_count=data.agree,
        disagree_count=data.disagree,
        pass_count=data.pass_,
        label=data.label,
        held_on=data.held_on,
        note=data.note,
        entered_by_id=staff.id,
        updated_by_id=staff.id,
    )
    session.add(sheet)
    await session.flush()
    await add_offline_counts(session, {data.proposal_id: _counts(sheet)})
    record_audit(
        session,
        staff.id,
        "tally_sheet.entered",
        "proposal",
        data.proposal_id,
        sheet_id=sheet.id,
        process_id=process_id,
        channel=data.channel,
        counts=list(_counts(sheet)),
        label=data.label,
    )
    return sheet


async def _locked_sheet(session: AsyncSession, process_id: int, sheet_id: int) -> TallySheet:
    sheet = (
        await session.execute(
            select(TallySheet)
            .where(TallySheet.id == sheet_id, TallySheet.process_id == process_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    ).scalar_one_or_none()
    if sheet is None:
        raise NotFound(f"There is no tally sheet {sheet_id} in process {process_id}.")
    return sheet


async def correct_tally_sheet(
    session: AsyncSession,
    staff: CurrentUser,
    process_id: int,
    sheet_id: int,
    data: TallySheetUpdate,
) -> TallySheet:
    """The sheet's counts as they should be; the tallies move by the difference."""
    await open_for_offline_votes(session, process_id)
    sheet = await _locked_sheet(session, process_id, sheet_id)
    before = _counts(sheet)
    after = (data.agree, data.disagree, data.pass_)
    sheet.agree_count, sheet.disagree_count, sheet.pass_count = after
    sheet.label, sheet.note = data.label, data.note
    sheet.held_on = data.held_on
    sheet.updated_by_id, sheet.updated_at = staff.id, utcnow()
    await session.flush()
    await add_offline_counts(
        session,
        {sheet.proposal_id: (after[0] - before[0], after[1] - before[1], after[2] - before[2])},
    )
    record_audit(
        session,
        staff.id,
        "tally_sheet.corrected",
        "proposal",
        sheet.proposal_id,
        sheet_id=sheet.id,
        process_id=process_id,
        channel=sheet.channel,
        counts_before=list(before),
        counts=list(after),
    )
    return sheet


async def remove_tally_sheet(
    session: AsyncSession, staff: CurrentUser, process_id: int, sheet_id: int
) -> None:
    """Take a sheet entered by mistake out again, with its counts."""
    await open_for_offline_votes(session, process_id)
    sheet = await _locked_sheet(session, process_id, sheet_id)
    before = _counts(sheet)
    await session.delete(sheet)
    await session.flush()
    await add_offline_counts(session, {sheet.proposal_id: (-before[0], -before[1], -before[2])})
    record_audit(
        session,
        staff.id,
        "tally_sheet.removed",
        "proposal",
        sheet.proposal_id,
        sheet_id=sheet_id,
        process_id=process_id,
        channel=sheet.channel,
        counts_before=list(before),
        label=sheet.label,
    )


async def list_tally_sheets(
    session: AsyncSession, process_id: int, proposal_id: int | None = None
) -> list[TallySheet]:
    query = select(TallySheet).where(TallySheet.process_id == process_id)
    if proposal_id is not None:
        query = query.where(TallySheet.proposal_id == proposal_id)
    return list((await session.execute(query.order_by(TallySheet.id.desc()).limit(500))).scalars())
