"""The vote batch's reads and writes on PostgreSQL: fixed SQL texts with array parameters on
a plain asyncpg connection (``core/direct_pg.py``), so each statement is prepared once per
connection whatever the batch size. The embedded path is ``store_core.py``; both are driven by
``services.apply_votes`` and return the same shapes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import asyncpg

from backend.core.database import utcnow
from backend.proposals.schemas import Tally
from backend.votes.store_core import Pair, TallyDelta, VotedProposal, VoteRow

_PROPOSALS = (
    "SELECT p.id, p.status, p.author_id, "
    "CASE WHEN r.archived_at IS NULL THEN r.phase ELSE 'archived' END, r.min_level_to_vote "
    "FROM proposals p "
    "JOIN processes r ON r.id = p.process_id WHERE p.id = ANY($1::int8[])"
)
_LOCK_TALLIES = (
    "SELECT id, agree_count, disagree_count, pass_count FROM proposals "
    "WHERE id = ANY($1::int8[]) ORDER BY id FOR NO KEY UPDATE"
)
_LOCK_VOTES = (
    "SELECT v.proposal_id, v.user_id, v.value FROM votes v "
    "JOIN unnest($1::int8[], $2::int8[]) AS k(p, u) ON v.proposal_id = k.p AND v.user_id = k.u "
    "ORDER BY v.proposal_id, v.user_id FOR UPDATE OF v"
)
_INSERT_VOTES = (
    "INSERT INTO votes (proposal_id, user_id, value, created_at, updated_at) "
    "SELECT p, u, v, $4, $4 FROM unnest($1::int8[], $2::int8[], $3::int2[]) AS t(p, u, v) "
    "ORDER BY p, u ON CONFLICT (proposal_id, user_id) DO NOTHING RETURNING proposal_id, user_id"
)
_UPDATE_VOTE = (
    "UPDATE votes SET value = $3, updated_at = $4 WHERE proposal_id = $1 AND user_id = $2"
)
_DELETE_VOTES = (
    "DELETE FROM votes v USING unnest($1::int8[], $2::int8[]) AS k(p, u) "
    "WHERE v.proposal_id = k.p AND v.user_id = k.u"
)
_ADD_TO_TALLIES = (  # the rows are already locked by _LOCK_TALLIES: the join order is free
    "UPDATE proposals p SET agree_count = p.agree_count + t.a, "
    "disagree_count = p.disagree_count + t.d, pass_count = p.pass_count + t.s "
    "FROM unnest($1::int8[], $2::int4[], $3::int4[], $4::int4[]) AS t(id, a, d, s) "
    "WHERE p.id = t.id"
)


class PgVoteStore:
    def __init__(self, connection: asyncpg.Connection) -> None:
        self._connection = connection

    async def proposals(self, ids: Iterable[int]) -> dict[int, VotedProposal]:
        rows = await self._connection.fetch(_PROPOSALS, list(set(ids)))
        return {row[0]: (row[1], row[2], row[3], row[4]) for row in rows}

    async def lock_tallies(self, ids: Iterable[int]) -> dict[int, Tally]:
        rows = await self._connection.fetch(_LOCK_TALLIES, list(set(ids)))
        return {row[0]: Tally(row[1], row[2], row[3]) for row in rows}

    async def lock_votes(self, pairs: Sequence[Pair]) -> dict[Pair, int]:
        proposal_ids, user_ids = _columns(pairs, 2)
        rows = await self._connection.fetch(_LOCK_VOTES, proposal_ids, user_ids)
        return {(row[0], row[1]): row[2] for row in rows}

    async def insert_votes(self, rows: Sequence[VoteRow]) -> set[Pair]:
        inserted = await self._connection.fetch(_INSERT_VOTES, *_columns(rows, 3), utcnow())
        return {(row[0], row[1]) for row in inserted}

    async def update_votes(self, rows: Sequence[VoteRow]) -> None:
        now = utcnow()  # one statement per row, pipelined, in key order (the lock order)
        await self._connection.executemany(_UPDATE_VOTE, [(*row, now) for row in sorted(rows)])

    async def delete_votes(self, pairs: Sequence[Pair]) -> None:
        await self._connection.execute(_DELETE_VOTES, *_columns(pairs, 2))

    async def add_to_tallies(self, deltas: Sequence[TallyDelta]) -> None:
        await self._connection.execute(_ADD_TO_TALLIES, *_columns(deltas, 4))


def _columns(rows: Sequence[tuple[int, ...]], width: int) -> list[list[int]]:
    """Rows to one list per column (the arrays ``unnest`` zips back into rows)."""
    return [list(column) for column in zip(*rows, strict=True)] if rows else [[]] * width
