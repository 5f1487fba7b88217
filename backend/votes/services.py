"""Applying a batch of votes (cast, change, retract) in one transaction with exact tallies.

``VoteWriter`` (``backend/votes/writer.py``) hands this module the votes that arrived while the
previous batch was committing; each (resident, proposal) pair appears at most once per batch.
The transaction:

1. reads the proposals with their process phase and least verification tier to vote, and
   decides, per vote, whether it may be cast (the same rules and messages as any single
   request: 404, 422 not published, 409 phase, 403 tier; the voter's tier came with the
   session, so the check adds no query);
2. locks the existing vote rows of the batch (``FOR UPDATE``, in key order);
3. inserts first votes with ``ON CONFLICT DO NOTHING``; a pair another process inserted in the
   meantime is locked and treated as a change, so no vote is counted twice;
4. updates changed votes, deletes retracted ones;
5. locks the batch's proposal rows (in id order) and reads their tallies, then moves each by the
   batch's net increments in one statement; the answers carry the locked counts plus those.

Vote rows are always locked before proposal rows, each in key order, so concurrent batches in
other API processes queue instead of deadlocking; proposal rows, which every batch touching a
popular proposal needs, are held only from step 5 to the COMMIT. The
statements themselves live in ``store.VoteStore`` (one Core statement each, run as plain SQL on
asyncpg on PostgreSQL and through SQLAlchemy on the embedded database).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from backend.core.errors import DomainError, InvalidInput, NotFound
from backend.processes.phases import ensure_phase_allows
from backend.proposals.schemas import Tally
from backend.proposals.services import hidden_from
from backend.users.auth import CurrentUser
from backend.verification.levels import ensure_level
from backend.votes.schemas import VOTE_NAMES, VoteResult
from backend.votes.store import Pair, VotedProposal, VoteStore

_COUNTERS = {1: 0, -1: 1, 0: 2}  # value -> position in (agree, disagree, pass)


@dataclass(frozen=True, slots=True)
class VoteChange:
    """One resident's request: ``value`` +1 / -1 / 0, or ``None`` to take the vote back."""

    user: CurrentUser
    proposal_id: int
    value: int | None

    @property
    def pair(self) -> Pair:
        return (self.proposal_id, self.user.id)


def _check_votable(change: VoteChange, proposal: VotedProposal | None) -> None:
    if proposal is None:
        raise NotFound(f"There is no proposal {change.proposal_id}.")
    status, author_id, phase, min_level = proposal
    if hidden_from(change.user, status, author_id):
        raise NotFound(f"There is no proposal {change.proposal_id}.")
    if status != "published":
        raise InvalidInput(f"A {status} proposal cannot be voted on.")
    ensure_phase_allows(phase, "vote")
    if change.value is not None:  # taking a vote back stays possible if the minimum rose
        ensure_level(change.user.level, min_level, "vote")


async def _insert_first_votes(
    store: VoteStore, firsts: list[VoteChange], old: dict[Pair, int]
) -> set[Pair]:
    """Insert first votes; returns the pairs inserted. Pairs that lost a race to another
    process are locked and their current value put into ``old``."""
    if not firsts:
        return set()
    firsts = sorted(firsts, key=lambda change: change.pair)
    # mypy does not type a starred tuple display as the fixed-length VoteRow it is
    inserted = await store.insert_votes([(*c.pair, c.value) for c in firsts])  # type: ignore[misc]
    raced = [c.pair for c in firsts if c.pair not in inserted]
    if raced:
        old.update(await store.lock_votes(raced))
    return inserted


async def _write_changes(
    store: VoteStore, changes: list[VoteChange], old: dict[Pair, int], inserted: set[Pair]
) -> None:
    changed = [
        (*c.pair, c.value)
        for c in changes
        if c.pair not in inserted
        and c.value is not None
        and c.pair in old
        and old[c.pair] != c.value
    ]
    if changed:
        await store.update_votes(changed)
    retracted = [c.pair for c in changes if c.value is None and c.pair in old]
    if retracted:
        await store.delete_votes(retracted)


async def _move_tallies(
    store: VoteStore, changes: list[VoteChange], old: dict[Pair, int], inserted: set[Pair]
) -> dict[int, Tally]:
    """Move the tallies by the batch's net increments; the tallies after the batch."""
    deltas: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for change in changes:
        before = None if change.pair in inserted else old.get(change.pair)
        if before == change.value:
            continue
        if before is not None:
            deltas[change.proposal_id][_COUNTERS[before]] -= 1
        if change.value is not None:
            deltas[change.proposal_id][_COUNTERS[change.value]] += 1
    current = await store.lock_tallies({c.proposal_id for c in changes})
    if deltas:
        # mypy does not type a starred tuple display as the fixed-length TallyDelta it is
        await store.add_to_tallies([(pid, *d) for pid, d in sorted(deltas.items())])  # type: ignore[misc]
    tallies: dict[int, Tally] = {}
    for pid, tally in current.items():
        agree, disagree, pass_ = deltas.get(pid, (0, 0, 0))
        tallies[pid] = Tally(tally.agree + agree, tally.disagree + disagree, tally.pass_ + pass_)
    return tallies


async def apply_votes(
    store: VoteStore, changes: Sequence[VoteChange]
) -> list[VoteResult | DomainError]:
    """Apply ``changes`` (distinct pairs) in the store's transaction; one outcome each, in
    order: the vote's result, or the error that request must answer with."""
    outcomes: list[VoteResult | DomainError | None] = [None] * len(changes)
    proposals = await store.proposals({c.proposal_id for c in changes})
    accepted: list[VoteChange] = []
    for index, change in enumerate(changes):
        try:
            _check_votable(change, proposals.get(change.proposal_id))
            accepted.append(change)
        except DomainError as error:
            outcomes[index] = error
    if accepted:
        old = await store.lock_votes([c.pair for c in accepted])
        firsts = [c for c in accepted if c.value is not None and c.pair not in old]
        inserted = await _insert_first_votes(store, firsts, old)
        await _write_changes(store, accepted, old, inserted)
        tallies = await _move_tallies(store, accepted, old, inserted)
    for index, change in enumerate(changes):
        if outcomes[index] is None:
            my_vote = None if change.value is None else VOTE_NAMES[change.value]
            outcomes[index] = VoteResult(change.proposal_id, my_vote, tallies[change.proposal_id])
    return outcomes  # type: ignore[return-value]  # every None was filled in the loop above
