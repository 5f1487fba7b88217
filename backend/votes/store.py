"""The vote batch's reads and writes, each one SQLAlchemy Core statement for both databases.

A batch's ids and rows travel as lists (``core/fastpath/arrays.py``), so every statement's text
is the same whatever the batch size: on PostgreSQL it runs as plain SQL on the vote writer's
asyncpg connection, prepared once per connection (``core/fastpath/compiled.py``); on SQLite it
runs through SQLAlchemy. ``services.apply_votes`` drives the store inside one transaction;
tests/backend/votes/test_vote_store_conformance.py replays the same batches on both databases.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import cast

from sqlalchemy import (
    BigInteger,
    DateTime,
    Integer,
    SmallInteger,
    Table,
    and_,
    bindparam,
    case,
    select,
    true,
    tuple_,
    update,
)
from sqlalchemy.dialects import postgresql

from backend.core.database import utcnow
from backend.core.fastpath import Statements, any_of, list_param, zipped
from backend.processes.models import Process
from backend.processes.phases import ARCHIVED
from backend.proposals.models import Proposal
from backend.proposals.schemas import Tally
from backend.votes.models import Vote

VOTES = cast(Table, Vote.__table__)
PROPOSALS = cast(Table, Proposal.__table__)
Pair = tuple[int, int]  # (proposal_id, user_id)
VoteRow = tuple[int, int, int]  # (proposal_id, user_id, value)
TallyDelta = tuple[int, int, int, int]  # (proposal_id, agree, disagree, pass)
# (status, author_id, phase, the process's min_level_to_vote)
VotedProposal = tuple[str, int | None, str, str]

_IDS = list_param("ids", BigInteger())
_NOW = bindparam("now", type_=DateTime(timezone=True))
_PAIRS = zipped("k", p=BigInteger(), u=BigInteger())
_NEW = zipped("n", p=BigInteger(), u=BigInteger(), v=SmallInteger())
_DELTAS = zipped("t", id=BigInteger(), a=Integer(), d=Integer(), s=Integer())

_PROPOSALS = (
    select(
        Proposal.id,
        Proposal.status,
        Proposal.author_id,
        case((Process.archived_at.is_(None), Process.phase), else_=ARCHIVED),
        Process.min_level_to_vote,
    )
    .join(Process, Process.id == Proposal.process_id)
    .where(any_of(Proposal.id, _IDS))
)
# FOR NO KEY UPDATE on PostgreSQL (votes referencing the row stay insertable); on SQLite the
# transaction already holds the database's write lock
_LOCK_TALLIES = (
    select(Proposal.id, Proposal.agree_count, Proposal.disagree_count, Proposal.pass_count)
    .where(any_of(Proposal.id, _IDS))
    .order_by(Proposal.id)
    .with_for_update(key_share=True)
)
_LOCK_VOTES = (
    select(Vote.proposal_id, Vote.user_id, Vote.value)
    .join(_PAIRS, and_(Vote.proposal_id == _PAIRS.c.p, Vote.user_id == _PAIRS.c.u))
    .order_by(Vote.proposal_id, Vote.user_id)
    .with_for_update(of=VOTES)
)
# postgresql.insert compiles on SQLite too (the same ON CONFLICT clause); WHERE true is SQLite's
# rule for an INSERT … SELECT with an upsert clause
_INSERT_VOTES = (
    postgresql.insert(VOTES)
    .from_select(
        ["proposal_id", "user_id", "value", "created_at", "updated_at"],
        select(_NEW.c.p, _NEW.c.u, _NEW.c.v, _NOW, _NOW).where(true()).order_by(_NEW.c.p, _NEW.c.u),
    )
    .on_conflict_do_nothing(index_elements=["proposal_id", "user_id"])
    .returning(VOTES.c.proposal_id, VOTES.c.user_id)
)
_UPDATE_VOTE = (
    update(VOTES)
    .where(VOTES.c.proposal_id == bindparam("p"), VOTES.c.user_id == bindparam("u"))
    .values(value=bindparam("v"), updated_at=_NOW)
)
_DELETE_VOTES = VOTES.delete().where(
    tuple_(VOTES.c.proposal_id, VOTES.c.user_id).in_(select(_PAIRS.c.p, _PAIRS.c.u))
)
_ADD_TO_TALLIES = (  # the rows are already locked by _LOCK_TALLIES: the join order is free
    update(PROPOSALS)
    .where(PROPOSALS.c.id == _DELTAS.c.id)
    .values(
        agree_count=PROPOSALS.c.agree_count + _DELTAS.c.a,
        disagree_count=PROPOSALS.c.disagree_count + _DELTAS.c.d,
        pass_count=PROPOSALS.c.pass_count + _DELTAS.c.s,
    )
)


class VoteStore:
    """The statements of one batch, inside the caller's transaction."""

    def __init__(self, statements: Statements) -> None:
        self._statements = statements

    async def proposals(self, ids: Iterable[int]) -> dict[int, VotedProposal]:
        rows = await self._statements.fetch(_PROPOSALS, {"ids": list(set(ids))})
        return {row[0]: (row[1], row[2], row[3], row[4]) for row in rows}

    async def lock_tallies(self, ids: Iterable[int]) -> dict[int, Tally]:
        rows = await self._statements.fetch(_LOCK_TALLIES, {"ids": list(set(ids))})
        return {row[0]: Tally(row[1], row[2], row[3]) for row in rows}

    async def lock_votes(self, pairs: Sequence[Pair]) -> dict[Pair, int]:
        rows = await self._statements.fetch(_LOCK_VOTES, _columns("k", ("p", "u"), pairs))
        return {(row[0], row[1]): row[2] for row in rows}

    async def insert_votes(self, rows: Sequence[VoteRow]) -> set[Pair]:
        inserted = await self._statements.fetch(
            _INSERT_VOTES, {**_columns("n", ("p", "u", "v"), rows), "now": utcnow()}
        )
        return {(row[0], row[1]) for row in inserted}

    async def update_votes(self, rows: Sequence[VoteRow]) -> None:
        now = utcnow()  # one statement per row, pipelined, in key order (the lock order)
        await self._statements.execute_many(
            _UPDATE_VOTE, [{"p": p, "u": u, "v": v, "now": now} for p, u, v in sorted(rows)]
        )

    async def delete_votes(self, pairs: Sequence[Pair]) -> None:
        await self._statements.execute(_DELETE_VOTES, _columns("k", ("p", "u"), pairs))

    async def add_to_tallies(self, deltas: Sequence[TallyDelta]) -> None:
        await self._statements.execute(
            _ADD_TO_TALLIES, _columns("t", ("id", "a", "d", "s"), deltas)
        )


def _columns(
    name: str, columns: tuple[str, ...], rows: Sequence[tuple[int, ...]]
) -> dict[str, list[int]]:
    """Rows to one list parameter per column (what ``zipped`` zips back into rows)."""
    lists = zip(*rows, strict=True) if rows else [()] * len(columns)
    return {f"{name}_{column}": list(values) for column, values in zip(columns, lists, strict=True)}
