"""Group commit for votes: one transaction for all votes that arrived meanwhile.

A vote is tiny, and under a surge its cost is the transaction around it (connection checkout,
BEGIN, round trips, COMMIT and its WAL flush). Each API process therefore keeps one writer task:
requests queue their vote and wait; the writer takes everything queued (up to ``max_batch``,
each resident-proposal pair once), applies it in one transaction (``services.apply_votes``) and
answers every request after the COMMIT. An answered vote is therefore durable, exactly as with a
transaction per request, and at low load a batch is a single vote with no added delay. On
PostgreSQL the transaction runs on an asyncpg connection of the writer's own
(``core/direct_pg.py``, ``store_pg.py``); on the embedded database on the SQLAlchemy engine.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import AsyncIterator

from backend.core.batching import stop_task
from backend.core.database import Database
from backend.core.direct_pg import DirectPool
from backend.core.errors import DomainError
from backend.users.auth import CurrentUser
from backend.votes.schemas import VoteResult
from backend.votes.services import VoteChange, VoteStore, apply_votes
from backend.votes.store_core import CoreVoteStore
from backend.votes.store_pg import PgVoteStore

RETRIED_SQLSTATES = frozenset({"40P01", "40001"})  # deadlock, serialization failure
ATTEMPTS = 3

Waiting = tuple[VoteChange, "asyncio.Future[VoteResult]"]


def _retryable(error: Exception) -> bool:
    """A deadlock or serialization failure, raised by asyncpg itself or wrapped by SQLAlchemy."""
    original = getattr(error, "orig", None) or error
    return getattr(original, "sqlstate", None) in RETRIED_SQLSTATES


class VoteWriter:
    def __init__(self, database: Database, max_batch: int = 500) -> None:
        self._database = database
        self._direct = (None if database.settings.is_sqlite
                        else DirectPool(database.settings.database_url, size=1))
        self._max_batch = max_batch
        self._waiting: deque[Waiting] = deque()
        self._wakeup = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.batches_committed = 0  # with votes_committed: the mean batch size under load
        self.votes_committed = 0

    async def submit(self, user: CurrentUser, proposal_id: int, value: int | None) -> VoteResult:
        """Queue one vote (``None`` retracts) and wait until its batch has committed."""
        future: asyncio.Future[VoteResult] = asyncio.get_running_loop().create_future()
        self._waiting.append((VoteChange(user, proposal_id, value), future))
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="kyoso-vote-writer")
        self._wakeup.set()
        return await future

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[VoteStore]:
        """One write transaction, committed on success, and the store for its statements."""
        if self._direct is None:
            async with self._database.transaction() as connection:
                yield CoreVoteStore(connection)
            return
        async with self._direct.connection() as connection, connection.transaction():
            yield PgVoteStore(connection)

    async def close(self) -> None:
        await stop_task(self._task)
        self._task = None
        if self._direct is not None:
            await self._direct.close()

    def _take_batch(self) -> list[Waiting]:
        """The oldest queued votes, each pair once; a repeated pair waits for the next batch."""
        batch: list[Waiting] = []
        pairs: set[tuple[int, int]] = set()
        kept: deque[Waiting] = deque()
        while self._waiting and len(batch) < self._max_batch:
            item = self._waiting.popleft()
            if item[0].pair in pairs:
                kept.append(item)
            else:
                pairs.add(item[0].pair)
                batch.append(item)
        self._waiting.extendleft(reversed(kept))
        return batch

    async def _run(self) -> None:
        while True:
            await self._wakeup.wait()
            self._wakeup.clear()
            await asyncio.sleep(0)  # let requests already read off the sockets join this batch
            while self._waiting:
                await self._commit(self._take_batch())

    async def _commit(self, batch: list[Waiting]) -> None:
        changes = [change for change, _ in batch]
        for attempt in range(1, ATTEMPTS + 1):
            try:
                async with self.transaction() as store:
                    outcomes = await apply_votes(store, changes)
                self.batches_committed += 1
                self.votes_committed += len(changes)
                break
            except Exception as error:
                if attempt < ATTEMPTS and _retryable(error):
                    continue
                self._fail(batch, error)
                return
        for (_, future), outcome in zip(batch, outcomes, strict=True):
            if future.done():  # the client went away; the vote stands
                continue
            if isinstance(outcome, DomainError):
                future.set_exception(outcome)
            else:
                future.set_result(outcome)

    @staticmethod
    def _fail(batch: list[Waiting], error: Exception) -> None:
        for _, future in batch:
            if not future.done():
                future.set_exception(error)
