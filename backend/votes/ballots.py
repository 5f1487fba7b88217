"""Paper ballots (紙の投票用紙) of anonymous offline participants.

A participant without an account (紙票-0012) marks agree / disagree / pass on many proposals of
one process; staff type in one ballot per person. Their votes count in each proposal's tallies
(``offline_tallies.py``) and enter the analysis as a participant of their own
(``analysis/runner.py``), so they join an opinion group like anyone voting online.

``record_ballots`` is the one entry point for code that brings such participants in (the ballot
screen, a file of ballots, an importer of another platform's votes): it numbers the participants,
stores their votes and moves the tallies in the caller's transaction. Checks of who may do it and
of the process's phase are the caller's (``open_for_offline_votes``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from typing import get_args

import msgspec
from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.database import in_ids, table_of, utcnow
from backend.core.errors import Conflict, InvalidInput, NotFound
from backend.processes.models import District, Process
from backend.users.roles import AgeBand
from backend.votes.models import BallotVote, OfflineParticipant
from backend.votes.offline_tallies import add_offline_counts, ensure_votable_proposals, vote_deltas

# the label's prefix by channel: what staff write on the sheet they typed in
LABEL_PREFIXES = {"paper": "紙票", "meeting": "会場票", "phone": "電話票"}


class BallotParticipant(msgspec.Struct, frozen=True):
    """What is known of an anonymous participant: how their ballot came in and, if the sheet
    says, their district and age band. ``external_ref`` names where an imported one came from
    (例: "polis:42", unique per process); ``label`` replaces the generated 「紙票-0012」."""

    channel: str
    district_code: str | None = None
    age_band: str | None = None
    received_on: date | None = None
    external_ref: str | None = None
    label: str | None = None


def ballot_label(channel: str, number: int) -> str:
    return f"{LABEL_PREFIXES.get(channel, channel)}-{number:04d}"


async def _allocate_numbers(session: AsyncSession, process_id: int, count: int) -> range:
    result = await session.execute(
        update(Process)
        .where(Process.id == process_id)
        .values(last_ballot_seq=Process.last_ballot_seq + count)
        .returning(Process.last_ballot_seq)
        .execution_options(synchronize_session=False)
    )
    last = result.scalar_one_or_none()
    if last is None:
        raise NotFound(f"There is no process {process_id}.")
    return range(last - count + 1, last + 1)


def _check_values(votes: Mapping[int, int]) -> None:
    wrong = [pid for pid, value in votes.items() if value not in (-1, 0, 1)]
    if wrong:
        raise InvalidInput(
            f"A vote must be 1 (agree), -1 (disagree) or 0 (pass); proposal "
            f"{wrong[0]} has {votes[wrong[0]]}.",
            errors=[{"field": "votes", "message": "not -1, 0 or 1"}],
        )


async def _check_participants(session: AsyncSession, people: Sequence[BallotParticipant]) -> None:
    districts = {p.district_code for p in people if p.district_code}
    if districts:
        known = set(
            (
                await session.execute(
                    select(District.code).where(District.code.in_(sorted(districts)))
                )
            ).scalars()
        )
        if districts - known:
            unknown = sorted(districts - known)[0]
            raise InvalidInput(
                f"There is no district '{unknown}'. Choose one of the city's "
                "districts or leave it empty.",
                errors=[{"field": "district_code", "message": "unknown"}],
            )
    bands = {p.age_band for p in people if p.age_band} - set(get_args(AgeBand))
    if bands:
        raise InvalidInput(
            f"There is no age band '{sorted(bands)[0]}'.",
            errors=[{"field": "age_band", "message": "unknown"}],
        )


async def _check_external_refs(
    session: AsyncSession, process_id: int, people: Sequence[BallotParticipant]
) -> None:
    """An imported participant comes in once: a reference already in the process, or twice in
    the batch, is a 409 naming it (importing the same file again must not double the votes)."""
    refs = [p.external_ref for p in people if p.external_ref]
    if not refs:
        return
    counted = Counter(refs)
    twice = {r for r, n in counted.items() if n > 1}
    existing = set(
        (
            await session.execute(
                select(OfflineParticipant.external_ref).where(
                    OfflineParticipant.process_id == process_id,
                    OfflineParticipant.external_ref.in_(sorted(counted)),
                )
            )
        ).scalars()
    )
    clash = sorted(twice | {r for r in existing if r})
    if clash:
        raise Conflict(
            f"The participant '{clash[0]}' is already in process {process_id} (or "
            "twice in what was sent): each imported participant comes in once.",
            external_refs=clash[:20],
        )


async def record_ballot_batch(
    session: AsyncSession,
    process_id: int,
    ballots: Sequence[tuple[BallotParticipant, Mapping[int, int]]],
    *,
    entered_by_id: int | None = None,
) -> list[OfflineParticipant]:
    """Store many participants with their votes ({proposal id: 1 / -1 / 0}), numbered in
    order, and add their votes to the tallies; every proposal must be a published one of the
    process (422 otherwise), an ``external_ref`` new to the process (409 otherwise). Returns
    the participants, in the order given."""
    if not ballots:
        return []
    for _, votes in ballots:
        _check_values(votes)
    await _check_participants(session, [p for p, _ in ballots])
    await _check_external_refs(session, process_id, [p for p, _ in ballots])
    await ensure_votable_proposals(
        session, process_id, {pid for _, votes in ballots for pid in votes}, "votes"
    )
    numbers = await _allocate_numbers(session, process_id, len(ballots))
    people = [
        OfflineParticipant(
            process_id=process_id,
            number=number,
            label=person.label or ballot_label(person.channel, number),
            channel=person.channel,
            district_code=person.district_code,
            age_band=person.age_band,
            received_on=person.received_on,
            external_ref=person.external_ref,
            entered_by_id=entered_by_id,
        )
        for (person, _), number in zip(ballots, numbers, strict=True)
    ]
    session.add_all(people)
    await session.flush()
    rows = [
        {"participant_id": person.id, "proposal_id": pid, "value": value}
        for person, (_, votes) in zip(people, ballots, strict=True)
        for pid, value in sorted(votes.items())
    ]
    for start in range(0, len(rows), 1000):
        await session.execute(table_of(BallotVote).insert(), rows[start : start + 1000])
    await add_offline_counts(
        session, vote_deltas([], ((r["proposal_id"], r["value"]) for r in rows))
    )
    return people


async def record_ballots(
    session: AsyncSession,
    process_id: int,
    participant: BallotParticipant,
    votes: Mapping[int, int],
    *,
    entered_by_id: int | None = None,
) -> OfflineParticipant:
    """One anonymous participant and their ballot ({proposal id: 1 / -1 / 0})."""
    [person] = await record_ballot_batch(
        session, process_id, [(participant, votes)], entered_by_id=entered_by_id
    )
    return person


async def ballot_votes(
    session: AsyncSession, participant_ids: Sequence[int]
) -> dict[int, dict[int, int]]:
    """{participant id: {proposal id: value}} for the given participants."""
    found: dict[int, dict[int, int]] = {pid: {} for pid in participant_ids}
    if participant_ids:
        rows = await session.execute(
            select(BallotVote.participant_id, BallotVote.proposal_id, BallotVote.value).where(
                in_ids(session, BallotVote.participant_id, participant_ids)
            )
        )
        for participant_id, proposal_id, value in rows:
            found[participant_id][proposal_id] = value
    return found


async def locked_participant(
    session: AsyncSession, process_id: int, participant_id: int
) -> OfflineParticipant:
    person = (
        await session.execute(
            select(OfflineParticipant)
            .where(
                OfflineParticipant.id == participant_id, OfflineParticipant.process_id == process_id
            )
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    ).scalar_one_or_none()
    if person is None:
        raise NotFound(f"There is no ballot {participant_id} in process {process_id}.")
    return person


async def replace_ballot(
    session: AsyncSession, person: OfflineParticipant, votes: Mapping[int, int]
) -> tuple[dict[int, int], dict[int, int]]:
    """The ballot's votes as they should be (a locked participant); the tallies move by the
    difference. Returns the votes before and after."""
    _check_values(votes)
    await ensure_votable_proposals(session, person.process_id, votes, "votes")
    before = (await ballot_votes(session, [person.id]))[person.id]
    await session.execute(delete(BallotVote).where(BallotVote.participant_id == person.id))
    if votes:
        await session.execute(
            table_of(BallotVote).insert(),
            [
                {"participant_id": person.id, "proposal_id": pid, "value": value}
                for pid, value in sorted(votes.items())
            ],
        )
    person.updated_at = utcnow()
    await add_offline_counts(session, vote_deltas(before.items(), votes.items()))
    return before, dict(votes)


async def remove_ballot(session: AsyncSession, person: OfflineParticipant) -> dict[int, int]:
    """Take a ballot out (entered twice, say), its votes with it; returns the votes it had."""
    before, _ = await replace_ballot(session, person, {})
    await session.delete(person)
    await session.flush()
    return before


async def count_ballots(session: AsyncSession, process_id: int) -> int:
    return int(
        (
            await session.execute(
                select(func.count())
                .select_from(OfflineParticipant)
                .where(OfflineParticipant.process_id == process_id)
            )
        ).scalar_one()
    )
