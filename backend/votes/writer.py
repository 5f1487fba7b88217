"""Group commit for votes: one transaction for all votes that arrived meanwhile.

A vote is tiny, and under a surge its cost is the transaction around it (connection checkout,
BEGIN, round trips, COMMIT and its WAL flush). Each API process therefore keeps one writer
(``core/fastpath`` ``Batched``): requests queue their vote and wait; the writer takes
everything queued (up to ``max_batch``), applies it in one transaction (``services.apply_votes``;
a resident-proposal pair repeated in the queue goes into a second transaction after the first)
and answers every request after the COMMIT. An answered vote is therefore durable, exactly as with a
transaction per request, and at low load a batch is a single vote with no added delay. On
PostgreSQL the transaction runs on an asyncpg connection of the writer's own
(``core/fastpath`` ``DirectPool``); on the embedded database on the SQLAlchemy engine; the
statements are the same (``store.py``).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Sequence

from backend.core.app_state import StateKey
from backend.core.database import Database
from backend.core.fastpath import Batched, DirectPool, OnAsyncpg, OnSqlAlchemy, resolve_each
from backend.core.metrics import VOTE_BATCHES, VOTES_COMMITTED
from backend.users.auth import CurrentUser
from backend.votes.schemas import VoteResult
from backend.votes.services import VoteChange, apply_votes
from backend.votes.store import Pair, VoteStore

RETRIED_SQLSTATES = frozenset({"40P01", "40001"})  # deadlock, serialization failure
ATTEMPTS = 3


def _retryable(error: Exception) -> bool:
    """A deadlock or serialization failure, raised by asyncpg itself or wrapped by SQLAlchemy."""
    original = getattr(error, "orig", None) or error
    return getattr(original, "sqlstate", None) in RETRIED_SQLSTATES


class VoteWriter:
    def __init__(self, database: Database, max_batch: int = 500) -> None:
        self._database = database
        self._direct = (
            None
            if database.settings.is_sqlite
            else DirectPool(database.settings.database_url, size=1)
        )
        self._batched: Batched[VoteChange, VoteResult] = Batched(
            self._commit_in_rounds, "kyoso-vote-writer", max_batch
        )
        self.batches_committed = 0  # with votes_committed: the mean batch size under load
        self.votes_committed = 0

    async def submit(self, user: CurrentUser, proposal_id: int, value: int | None) -> VoteResult:
        """Queue one vote (``None`` retracts) and wait until its batch has committed."""
        return await self._batched(VoteChange(user, proposal_id, value))

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[VoteStore]:
        """One write transaction, committed on success, and the store for its statements."""
        if self._direct is None:
            async with self._database.transaction() as connection:
                yield VoteStore(OnSqlAlchemy(connection))
            return
        async with self._direct.connection() as pg_connection, pg_connection.transaction():
            yield VoteStore(OnAsyncpg(pg_connection))

    async def close(self) -> None:
        await self._batched.close()
        if self._direct is not None:
            await self._direct.close()

    async def _commit_in_rounds(
        self, changes: Sequence[VoteChange]
    ) -> list[VoteResult | Exception]:
        """Each pair once per transaction: a pair repeated in the queue waits for the next
        round, so one person's votes apply in the order they came."""
        outcomes: list[VoteResult | Exception | None] = [None] * len(changes)
        pending = list(range(len(changes)))
        while pending:
            pairs: set[Pair] = set()
            round_: list[int] = []
            later: list[int] = []
            for index in pending:
                pair = changes[index].pair
                (later if pair in pairs else round_).append(index)
                pairs.add(pair)
            committed = await self._commit([changes[index] for index in round_])
            for index, outcome in zip(round_, committed, strict=True):
                outcomes[index] = outcome
            pending = later
        return outcomes  # type: ignore[return-value]  # every index was in one round

    async def _commit(self, changes: list[VoteChange]) -> list[VoteResult | Exception]:
        """The round's votes; a transaction that fails is split (``resolve_each``), so a vote
        the database refuses fails alone and the others commit."""
        return await resolve_each(self._commit_once, changes)

    async def _commit_once(self, changes: Sequence[VoteChange]) -> list[VoteResult | Exception]:
        """One transaction, retried after a deadlock."""
        attempt = 1
        while True:
            try:
                async with self.transaction() as store:
                    outcomes = await apply_votes(store, list(changes))
            except Exception as error:
                if attempt < ATTEMPTS and _retryable(error):
                    attempt += 1
                    continue
                raise
            self.batches_committed += 1
            self.votes_committed += len(changes)
            VOTE_BATCHES.inc()
            VOTES_COMMITTED.inc(len(changes))
            # list is invariant: a list of DomainError outcomes is one of Exception outcomes
            return outcomes  # type: ignore[return-value]


VOTE_WRITER: StateKey[VoteWriter] = StateKey("vote_writer")
