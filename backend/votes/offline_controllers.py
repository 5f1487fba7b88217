"""Routes of offline votes: tally sheets (集計表) and paper ballots (紙の投票用紙), typed in by
staff (planner, admin — as proxy entry); the tallies by channel for staff and council."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

from litestar import Controller, delete, get, post, put
from litestar.params import QueryParameter
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit.service import record_audit
from backend.core.dependencies import Db
from backend.core.errors import MAX_ID, InvalidInput
from backend.processes.services import get_process
from backend.proposals.proxy import received_day
from backend.proposals.schemas import Tally
from backend.users.auth import readers_only, staff_only
from backend.users.dependencies import SignedInUser
from backend.users.models import User
from backend.users.schemas import PublicUser
from backend.votes import tally_sheets
from backend.votes.ballots import (
    BallotParticipant,
    ballot_votes,
    locked_participant,
    record_ballots,
    remove_ballot,
    replace_ballot,
)
from backend.votes.breakdown import offline_breakdown
from backend.votes.models import OfflineParticipant, TallySheet
from backend.votes.offline_schemas import (
    BallotCreate,
    BallotOut,
    BallotPage,
    BallotUpdate,
    BallotVoteIn,
    OfflineBreakdown,
    TallySheetCreate,
    TallySheetOut,
    TallySheetUpdate,
)
from backend.votes.offline_tallies import open_for_offline_votes
from backend.votes.schemas import VOTE_NAMES, VOTE_VALUES


async def _people(session: AsyncSession, ids: Iterable[int | None]) -> dict[int, PublicUser]:
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    rows = await session.execute(select(User.id, User.display_name).where(User.id.in_(wanted)))
    return {id_: PublicUser(id_, name) for id_, name in rows}


async def _sheets_out(session: AsyncSession, sheets: list[TallySheet]) -> list[TallySheetOut]:
    people = await _people(session, [i for s in sheets for i in (s.entered_by_id, s.updated_by_id)])
    return [
        TallySheetOut(
            s.id,
            s.process_id,
            s.proposal_id,
            s.channel,
            Tally(s.agree_count, s.disagree_count, s.pass_count),
            s.label,
            s.held_on,
            s.note,
            people.get(s.entered_by_id or 0),
            people.get(s.updated_by_id or 0),
            s.created_at,
            s.updated_at,
        )
        for s in sheets
    ]


async def _ballots_out(session: AsyncSession, people: list[OfflineParticipant]) -> list[BallotOut]:
    votes = await ballot_votes(session, [p.id for p in people])
    staff = await _people(session, [p.entered_by_id for p in people])
    return [
        BallotOut(
            p.id,
            p.process_id,
            p.label,
            p.channel,
            p.district_code,
            p.age_band,
            p.received_on,
            [BallotVoteIn(pid, VOTE_NAMES[v]) for pid, v in sorted(votes[p.id].items())],
            staff.get(p.entered_by_id or 0),
            p.created_at,
            p.updated_at,
        )
        for p in people
    ]


def _marks(votes: list[BallotVoteIn]) -> dict[int, int]:
    marks = {v.proposal_id: VOTE_VALUES[v.vote] for v in votes}
    if len(marks) != len(votes):
        raise InvalidInput(
            "A proposal appears twice on the ballot: mark each proposal once.",
            errors=[{"field": "votes", "message": "a proposal appears twice"}],
        )
    return marks


class OfflineVotesController(Controller):
    path = "/api/v1/processes/{process_id:int}"
    tags = ["votes"]
    guards = [staff_only]

    @post(
        "/tally-sheets",
        summary="Enter a tally sheet: one proposal's counts from a meeting's "
        "show of hands or a batch of paper slips",
    )
    async def enter_tally_sheet(
        self, db: Db, user: SignedInUser, process_id: int, data: TallySheetCreate
    ) -> TallySheetOut:
        sheet = await tally_sheets.enter_tally_sheet(db, user, process_id, data)
        return (await _sheets_out(db, [sheet]))[0]

    @get("/tally-sheets", summary="The tally sheets of a process (newest first, 500 at most)")
    async def list_tally_sheets(
        self,
        db: Db,
        process_id: int,
        proposal_id: Annotated[int | None, QueryParameter(ge=1, le=MAX_ID)] = None,
    ) -> list[TallySheetOut]:
        await get_process(db, process_id)
        return await _sheets_out(
            db, await tally_sheets.list_tally_sheets(db, process_id, proposal_id)
        )

    @put("/tally-sheets/{sheet_id:int}", summary="Correct a tally sheet's counts (audited)")
    async def correct_tally_sheet(
        self, db: Db, user: SignedInUser, process_id: int, sheet_id: int, data: TallySheetUpdate
    ) -> TallySheetOut:
        sheet = await tally_sheets.correct_tally_sheet(db, user, process_id, sheet_id, data)
        return (await _sheets_out(db, [sheet]))[0]

    @delete(
        "/tally-sheets/{sheet_id:int}",
        status_code=204,
        summary="Remove a tally sheet entered by mistake (audited)",
    )
    async def remove_tally_sheet(
        self, db: Db, user: SignedInUser, process_id: int, sheet_id: int
    ) -> None:
        await tally_sheets.remove_tally_sheet(db, user, process_id, sheet_id)

    @post(
        "/ballots",
        summary="Enter one paper ballot of an anonymous participant: their "
        "agree / disagree / pass on the process's proposals",
    )
    async def enter_ballot(
        self, db: Db, user: SignedInUser, process_id: int, data: BallotCreate
    ) -> BallotOut:
        await open_for_offline_votes(db, process_id)
        marks = _marks(data.votes)
        person = await record_ballots(
            db,
            process_id,
            BallotParticipant(
                data.channel, data.district_code, data.age_band, received_day(data.received_on)
            ),
            marks,
            entered_by_id=user.id,
        )
        record_audit(
            db,
            user.id,
            "ballot.entered",
            "process",
            process_id,
            ballot_id=person.id,
            label=person.label,
            channel=data.channel,
            count=len(marks),
        )
        return (await _ballots_out(db, [person]))[0]

    @get("/ballots", summary="The paper ballots of a process, newest first")
    async def list_ballots(
        self,
        db: Db,
        process_id: int,
        limit: Annotated[int, QueryParameter(ge=1, le=200)] = 50,
        offset: Annotated[int, QueryParameter(ge=0, le=1_000_000)] = 0,
    ) -> BallotPage:
        await get_process(db, process_id)
        where = OfflineParticipant.process_id == process_id
        total = (
            await db.execute(select(func.count()).select_from(OfflineParticipant).where(where))
        ).scalar_one()
        people = list(
            (
                await db.execute(
                    select(OfflineParticipant)
                    .where(where)
                    .order_by(OfflineParticipant.id.desc())
                    .limit(limit)
                    .offset(offset)
                )
            ).scalars()
        )
        return BallotPage(await _ballots_out(db, people), int(total))

    @put("/ballots/{ballot_id:int}", summary="Correct a ballot's marks (audited)")
    async def correct_ballot(
        self, db: Db, user: SignedInUser, process_id: int, ballot_id: int, data: BallotUpdate
    ) -> BallotOut:
        await open_for_offline_votes(db, process_id)
        person = await locked_participant(db, process_id, ballot_id)
        before, after = await replace_ballot(db, person, _marks(data.votes))
        record_audit(
            db,
            user.id,
            "ballot.corrected",
            "process",
            process_id,
            ballot_id=person.id,
            label=person.label,
            changed=sorted(
                pid for pid in before.keys() | after.keys() if before.get(pid) != after.get(pid)
            ),
        )
        return (await _ballots_out(db, [person]))[0]

    @delete(
        "/ballots/{ballot_id:int}",
        status_code=204,
        summary="Remove a ballot entered twice or by mistake (audited)",
    )
    async def remove_ballot(
        self, db: Db, user: SignedInUser, process_id: int, ballot_id: int
    ) -> None:
        await open_for_offline_votes(db, process_id)
        person = await locked_participant(db, process_id, ballot_id)
        label = person.label
        before = await remove_ballot(db, person)
        record_audit(
            db,
            user.id,
            "ballot.removed",
            "process",
            process_id,
            ballot_id=ballot_id,
            label=label,
            count=len(before),
        )


@get(
    "/api/v1/processes/{process_id:int}/vote-breakdown",
    tags=["votes"],
    guards=[readers_only],
    summary="Each published proposal's tallies by channel: online, tally sheets and ballots "
    "from paper, meetings and phone",
)
async def vote_breakdown(db: Db, process_id: int) -> list[OfflineBreakdown]:
    await get_process(db, process_id)
    return await offline_breakdown(db, process_id)
