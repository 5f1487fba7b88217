"""The vote batch's reads and writes through SQLAlchemy Core: the embedded (SQLite) path.
PostgreSQL uses ``store_pg.py``; both are driven by ``services.apply_votes``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import bindparam, case, delete, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.core.database import dialect_insert, table_of, utcnow
from backend.processes.models import Process
from backend.processes.phases import ARCHIVED
from backend.proposals.models import Proposal
from backend.proposals.schemas import Tally
from backend.votes.models import Vote

VOTES = table_of(Vote)
PROPOSALS = table_of(Proposal)
Pair = tuple[int, int]  # (proposal_id, user_id)
VoteRow = tuple[int, int, int]  # (proposal_id, user_id, value)
TallyDelta = tuple[int, int, int, int]  # (proposal_id, agree, disagree, pass)
# (status, author_id, phase, the process's min_level_to_vote)
VotedProposal = tuple[str, int | None, str, str]


class CoreVoteStore:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def proposals(self, ids: Iterable[int]) -> dict[int, VotedProposal]:
        rows = await self._connection.execute(
            select(Proposal.id, Proposal.status, Proposal.author_id,
                   case((Process.archived_at.is_(None), Process.phase), else_=ARCHIVED),
                   Process.min_level_to_vote)
            .join(Process, Process.id == Proposal.process_id)
            .where(Proposal.id.in_(set(ids)))
        )
        return {row[0]: (row[1], row[2], row[3], row[4]) for row in rows}

    async def lock_tallies(self, ids: Iterable[int]) -> dict[int, Tally]:
        """(On SQLite the transaction already holds the database's write lock.)"""
        rows = await self._connection.execute(
            select(Proposal.id, Proposal.agree_count, Proposal.disagree_count,
                   Proposal.pass_count)
            .where(Proposal.id.in_(set(ids)))
            .order_by(Proposal.id)
            .with_for_update()
        )
        return {row[0]: Tally(row[1], row[2], row[3]) for row in rows}

    async def lock_votes(self, pairs: Sequence[Pair]) -> dict[Pair, int]:
        rows = await self._connection.execute(
            select(Vote.proposal_id, Vote.user_id, Vote.value)
            .where(tuple_(Vote.proposal_id, Vote.user_id).in_(sorted(pairs)))
            .order_by(Vote.proposal_id, Vote.user_id)
            .with_for_update()
        )
        return {(row[0], row[1]): row[2] for row in rows}

    async def insert_votes(self, rows: Sequence[VoteRow]) -> set[Pair]:
        now = utcnow()
        result = await self._connection.execute(
            dialect_insert(self._connection)(VOTES)
            .on_conflict_do_nothing(index_elements=["proposal_id", "user_id"])
            .returning(VOTES.c.proposal_id, VOTES.c.user_id),
            [{"proposal_id": p, "user_id": u, "value": v, "created_at": now, "updated_at": now}
             for p, u, v in rows],
        )
        return {(row[0], row[1]) for row in result}

    async def update_votes(self, rows: Sequence[VoteRow]) -> None:
        await self._connection.execute(
            update(VOTES)
            .where(VOTES.c.proposal_id == bindparam("p"), VOTES.c.user_id == bindparam("u"))
            .values(value=bindparam("v"), updated_at=utcnow()),
            [{"p": p, "u": u, "v": v} for p, u, v in rows],
        )

    async def delete_votes(self, pairs: Sequence[Pair]) -> None:
        await self._connection.execute(
            delete(VOTES).where(tuple_(VOTES.c.proposal_id, VOTES.c.user_id).in_(pairs))
        )

    async def add_to_tallies(self, deltas: Sequence[TallyDelta]) -> None:
        await self._connection.execute(
            update(PROPOSALS)
            .where(PROPOSALS.c.id == bindparam("pid"))
            .values(
                agree_count=PROPOSALS.c.agree_count + bindparam("a"),
                disagree_count=PROPOSALS.c.disagree_count + bindparam("d"),
                pass_count=PROPOSALS.c.pass_count + bindparam("s"),
            ),
            [{"pid": pid, "a": a, "d": d, "s": s} for pid, a, d, s in deltas],
        )
