"""Applying a batch of votes (cast, change, retract) in one transaction with exact tallies.

``VoteWriter`` (``backend/votes/writer.py``) hands this module the votes that arrived while the
previous batch was committing; each (resident, proposal) pair appears at most once per batch.
The transaction:

1. reads the proposals with their process phase and decides, per vote, whether it may be cast
   (the same rules and messages as any single request: 404, 422 not published, 409 phase);
2. locks the existing vote rows of the batch (``FOR UPDATE``, in key order);
3. inserts first votes with ``ON CONFLICT DO NOTHING``; a pair another process inserted in the
   meantime is locked and treated as a change, so no vote is counted twice;
4. updates changed votes, deletes retracted ones;
5. moves each proposal's tallies once by the batch's net relative increments
   (``agree_count + n``, in id order), which PostgreSQL applies on the latest row version.

Vote rows are always locked before proposal rows, each in key order, so concurrent batches in
other API processes queue instead of deadlocking.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, delete, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.core.database import dialect_insert, utcnow
from backend.core.errors import DomainError, InvalidInput, NotFound
from backend.processes.models import Process
from backend.processes.phases import ensure_phase_allows
from backend.proposals.models import Proposal
from backend.proposals.schemas import Tally
from backend.proposals.services import hidden_from
from backend.users.auth import CurrentUser
from backend.votes.models import Vote
from backend.votes.schemas import VOTE_NAMES, VoteResult

_COUNTERS = {1: "agree_count", -1: "disagree_count", 0: "pass_count"}

VOTES = Vote.__table__  # Core: no ORM unit of work on the hot path
PROPOSALS = Proposal.__table__
Pair = tuple[int, int]  # (proposal_id, user_id)


@dataclass(frozen=True, slots=True)
class VoteChange:
    """One resident's request: ``value`` +1 / -1 / 0, or ``None`` to take the vote back."""

    user: CurrentUser
    proposal_id: int
    value: int | None

    @property
    def pair(self) -> Pair:
        return (self.proposal_id, self.user.id)


def _check_votable(change: VoteChange, proposal: tuple[str, int | None, str] | None) -> None:
    if proposal is None:
        raise NotFound(f"There is no proposal {change.proposal_id}.")
    status, author_id, phase = proposal
    if hidden_from(change.user, status, author_id):
        raise NotFound(f"There is no proposal {change.proposal_id}.")
    if status != "published":
        raise InvalidInput(f"A {status} proposal cannot be voted on.")
    ensure_phase_allows(phase, "vote")


async def _proposals(
    connection: AsyncConnection, ids: set[int]
) -> dict[int, tuple[str, int | None, str]]:
    rows = await connection.execute(
        select(Proposal.id, Proposal.status, Proposal.author_id, Process.phase)
        .join(Process, Process.id == Proposal.process_id)
        .where(Proposal.id.in_(ids))
    )
    return {row[0]: (row[1], row[2], row[3]) for row in rows}


async def _locked_votes(connection: AsyncConnection, pairs: Sequence[Pair]) -> dict[Pair, int]:
    if not pairs:
        return {}
    rows = await connection.execute(
        select(Vote.proposal_id, Vote.user_id, Vote.value)
        .where(tuple_(Vote.proposal_id, Vote.user_id).in_(sorted(pairs)))
        .order_by(Vote.proposal_id, Vote.user_id)
        .with_for_update()
    )
    return {(row[0], row[1]): row[2] for row in rows}


async def _insert_first_votes(
    connection: AsyncConnection, firsts: list[VoteChange], old: dict[Pair, int]
) -> set[Pair]:
    """Insert first votes; returns the pairs inserted. Pairs that lost a race to another
    process are locked and their current value put into ``old``."""
    if not firsts:
        return set()
    now = utcnow()
    firsts = sorted(firsts, key=lambda change: change.pair)
    result = await connection.execute(
        dialect_insert(connection)(VOTES)
        .on_conflict_do_nothing(index_elements=["proposal_id", "user_id"])
        .returning(VOTES.c.proposal_id, VOTES.c.user_id),
        [
            {"proposal_id": c.proposal_id, "user_id": c.user.id, "value": c.value,
             "created_at": now, "updated_at": now}
            for c in firsts
        ],
    )
    inserted = {(row[0], row[1]) for row in result}
    raced = [c.pair for c in firsts if c.pair not in inserted]
    old.update(await _locked_votes(connection, raced))
    return inserted


async def _write_changes(
    connection: AsyncConnection,
    changes: list[VoteChange],
    old: dict[Pair, int],
    inserted: set[Pair],
) -> None:
    changed = [
        {"p": c.proposal_id, "u": c.user.id, "v": c.value}
        for c in changes
        if c.pair not in inserted and c.value is not None and c.pair in old
        and old[c.pair] != c.value
    ]
    if changed:
        await connection.execute(
            update(VOTES)
            .where(VOTES.c.proposal_id == bindparam("p"), VOTES.c.user_id == bindparam("u"))
            .values(value=bindparam("v"), updated_at=utcnow()),
            changed,
        )
    retracted = [c.pair for c in changes if c.value is None and c.pair in old]
    if retracted:
        await connection.execute(
            delete(VOTES).where(tuple_(VOTES.c.proposal_id, VOTES.c.user_id).in_(retracted))
        )


async def _move_tallies(
    connection: AsyncConnection,
    changes: list[VoteChange],
    old: dict[Pair, int],
    inserted: set[Pair],
) -> dict[int, Tally]:
    deltas: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(_COUNTERS.values(), 0))
    for change in changes:
        before = None if change.pair in inserted else old.get(change.pair)
        if before == change.value:
            continue
        if before is not None:
            deltas[change.proposal_id][_COUNTERS[before]] -= 1
        if change.value is not None:
            deltas[change.proposal_id][_COUNTERS[change.value]] += 1
    if deltas:
        await connection.execute(
            update(PROPOSALS)
            .where(PROPOSALS.c.id == bindparam("pid"))
            .values(
                agree_count=PROPOSALS.c.agree_count + bindparam("a"),
                disagree_count=PROPOSALS.c.disagree_count + bindparam("d"),
                pass_count=PROPOSALS.c.pass_count + bindparam("s"),
            ),
            [
                {"pid": pid, "a": d["agree_count"], "d": d["disagree_count"],
                 "s": d["pass_count"]}
                for pid, d in sorted(deltas.items())
            ],
        )
    rows = await connection.execute(
        select(Proposal.id, Proposal.agree_count, Proposal.disagree_count, Proposal.pass_count)
        .where(Proposal.id.in_({c.proposal_id for c in changes}))
    )
    return {row[0]: Tally(row[1], row[2], row[3]) for row in rows}


async def apply_votes(
    connection: AsyncConnection, changes: Sequence[VoteChange]
) -> list[VoteResult | DomainError]:
    """Apply ``changes`` (distinct pairs) in the connection's transaction; one outcome each, in
    order: the vote's result, or the error that request must answer with."""
    outcomes: list[VoteResult | DomainError | None] = [None] * len(changes)
    proposals = await _proposals(connection, {c.proposal_id for c in changes})
    accepted: list[VoteChange] = []
    for index, change in enumerate(changes):
        try:
            _check_votable(change, proposals.get(change.proposal_id))
            accepted.append(change)
        except DomainError as error:
            outcomes[index] = error
    if accepted:
        old = await _locked_votes(connection, [c.pair for c in accepted])
        firsts = [c for c in accepted if c.value is not None and c.pair not in old]
        inserted = await _insert_first_votes(connection, firsts, old)
        await _write_changes(connection, accepted, old, inserted)
        tallies = await _move_tallies(connection, accepted, old, inserted)
    for index, change in enumerate(changes):
        if outcomes[index] is None:
            my_vote = None if change.value is None else VOTE_NAMES[change.value]
            outcomes[index] = VoteResult(change.proposal_id, my_vote, tallies[change.proposal_id])
    return outcomes  # type: ignore[return-value]
