"""The two vote stores agree: the same batches replayed through ``CoreVoteStore`` (SQLAlchemy,
the embedded database's path) on SQLite and on PostgreSQL, and through ``PgVoteStore`` (asyncpg,
PostgreSQL's path), give the same answer to every vote and leave the same rows and tallies.

Every vote statement is written twice (``store_core.py``, ``store_pg.py``); this is the test that
the two stay one behaviour. The batches mix first votes, changes, repeats of the same value,
retractions, retractions of nothing, and votes the rules refuse (a missing, a hidden and a
withdrawn proposal; a process in a phase without voting)."""

from __future__ import annotations

import random
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, select, text

from backend.core.config import load_settings
from backend.core.database import Database
from backend.core.direct_pg import DirectPool
from backend.core.errors import DomainError
from backend.models import Base
from backend.processes.models import District
from backend.proposals.models import Proposal
from backend.users.auth import CurrentUser
from backend.votes.models import Vote
from backend.votes.schemas import VoteResult
from backend.votes.services import VoteChange, VoteStore, apply_votes
from backend.votes.store_core import CoreVoteStore
from backend.votes.store_pg import PgVoteStore
from support import make_process, make_user

RESIDENTS = 8
PUBLISHED = 6
# positions in the world's proposal list beyond the published ones
HIDDEN, WITHDRAWN, CLOSED_PHASE, MISSING = PUBLISHED, PUBLISHED + 1, PUBLISHED + 2, PUBLISHED + 3

Outcome = tuple[Any, ...]
StoreFactory = Callable[[], AbstractAsyncContextManager[VoteStore]]


class World:
    """One database holding the same residents and proposals as the others, by position."""

    def __init__(self, database: Database, users: list[CurrentUser], proposals: list[int]):
        self.database = database
        self.users = users
        self.proposals = proposals
        self.position = {proposal_id: i for i, proposal_id in enumerate(proposals)}
        self.user_position = {user.id: i for i, user in enumerate(users)}


async def _proposal(database: Database, process_id: int, author_id: int, index: int,
                    status: str = "published") -> int:
    async with database.session(write=True) as session:
        proposal = Proposal(
            process_id=process_id, author_id=author_id, title=f"提案{index}",
            body=f"提案{index}の本文", district_code="chuo", status=status,
            content_hash=f"{index:064d}")
        session.add(proposal)
        await session.flush()
        return proposal.id


async def _world(url: str, data_dir: Path) -> World:
    database = Database(load_settings(database_url=url, data_dir=data_dir,
                                      secret_key="test-secret-key-not-for-production"))
    async with database.session(write=True) as session:
        for table in reversed(Base.metadata.sorted_tables):
            await session.execute(delete(table))
        if not database.settings.is_sqlite:
            await session.execute(text("DELETE FROM pgqueuer"))
        session.add(District(code="chuo", name_ja="中央地区", name_en="Chuo", position=0))
    users = []
    for i in range(RESIDENTS):
        user_id = await make_user(database, f"voter{i}@example.jp")
        users.append(CurrentUser(user_id, "resident", f"voter{i}", "chuo", "30s", "ja"))
    process_id = await make_process(database, phase="ideas")
    closed_process_id = await make_process(database, phase="closed", slug="closed")
    author = users[0].id
    proposals = [await _proposal(database, process_id, author, i) for i in range(PUBLISHED)]
    proposals.append(await _proposal(database, process_id, author, HIDDEN, "hidden"))
    proposals.append(await _proposal(database, process_id, author, WITHDRAWN, "withdrawn"))
    proposals.append(await _proposal(database, closed_process_id, author, CLOSED_PHASE))
    proposals.append(max(proposals) + 1000)  # no such proposal
    return World(database, users, proposals)


def _batches(seed: int) -> list[list[tuple[int, int, int | None]]]:
    """(resident, proposal, value) by position; each pair at most once per batch, as the
    writer guarantees."""
    rng = random.Random(seed)
    batches = []
    for _ in range(40):
        pairs: dict[tuple[int, int], int | None] = {}
        for _ in range(rng.randint(1, 25)):
            proposal = (rng.randrange(PUBLISHED) if rng.random() < 0.85
                        else rng.choice([HIDDEN, WITHDRAWN, CLOSED_PHASE, MISSING]))
            pairs[(rng.randrange(RESIDENTS), proposal)] = rng.choice([1, -1, 0, 0, None])
        batches.append([(user, proposal, value) for (user, proposal), value in pairs.items()])
    return batches


def _outcome(world: World, result: VoteResult | DomainError) -> Outcome:
    if isinstance(result, DomainError):
        # the message names the proposal's id, which differs between databases
        return (type(result).__name__, re.sub(
            r"\d+", lambda number: f"#{world.position.get(int(number[0]), '?')}", result.detail))
    return (world.position[result.proposal_id], result.my_vote, result.tally.agree,
            result.tally.disagree, result.tally.pass_)


async def _replay(world: World, store: StoreFactory, seed: int) -> list[list[Outcome]]:
    answers = []
    for batch in _batches(seed):
        changes = [VoteChange(world.users[user], world.proposals[proposal], value)
                   for user, proposal, value in batch]
        async with store() as vote_store:
            results = await apply_votes(vote_store, changes)
        answers.append([_outcome(world, result) for result in results])
    return answers


async def _state(world: World) -> tuple[dict[tuple[int, int], int], dict[int, tuple[int, ...]]]:
    """Every vote row and every tally, by position."""
    async with world.database.session(write=False) as session:
        votes = {
            (world.user_position[user_id], world.position[proposal_id]): value
            for proposal_id, user_id, value in await session.execute(
                select(Vote.proposal_id, Vote.user_id, Vote.value))
        }
        tallies = {
            world.position[row[0]]: tuple(row[1:])
            for row in await session.execute(select(
                Proposal.id, Proposal.agree_count, Proposal.disagree_count, Proposal.pass_count))
        }
    return votes, tallies


def _core_store(database: Database, make: Callable[[Any], VoteStore] = CoreVoteStore
                ) -> StoreFactory:
    """SQLAlchemy Core statements in the database's write transaction."""
    @asynccontextmanager
    async def opened() -> AsyncIterator[VoteStore]:
        async with database.transaction() as connection:
            yield make(connection)
    return opened


def _pg_store(pool: DirectPool) -> StoreFactory:
    """asyncpg statements in a transaction on a connection of the pool, as the writer does."""
    @asynccontextmanager
    async def opened() -> AsyncIterator[VoteStore]:
        async with pool.connection() as connection, connection.transaction():
            yield PgVoteStore(connection)
    return opened


async def _run(url: str, data_dir: Path, store: Callable[[World], Awaitable[StoreFactory]],
               seed: int) -> tuple[list[list[Outcome]], Any]:
    world = await _world(url, data_dir)
    try:
        answers = await _replay(world, await store(world), seed)
        return answers, await _state(world)
    finally:
        await world.database.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize("seed", [1, 2])
async def test_sqlite_and_postgres_stores_answer_and_store_the_same(
    database_urls: dict[str, str | None], tmp_path: Path, seed: int
) -> None:
    postgres_url = database_urls["postgres"]
    if postgres_url is None:
        pytest.skip("PostgreSQL is not reachable (set KYOSO_TEST_POSTGRES_URL)")
    sqlite_url = database_urls["sqlite"]
    assert sqlite_url is not None

    async def core(world: World) -> StoreFactory:
        return _core_store(world.database)

    pools: list[DirectPool] = []

    async def asyncpg_store(world: World) -> StoreFactory:
        pools.append(DirectPool(postgres_url, size=1))
        return _pg_store(pools[-1])

    try:
        runs = {
            "SQLite, CoreVoteStore": await _run(sqlite_url, tmp_path, core, seed),
            "PostgreSQL, CoreVoteStore": await _run(postgres_url, tmp_path, core, seed),
            "PostgreSQL, PgVoteStore": await _run(postgres_url, tmp_path, asyncpg_store, seed),
        }
    finally:
        for pool in pools:
            await pool.close()
    (reference_name, (reference_answers, reference_state)), *others = runs.items()
    refused = sum(isinstance(a[0], str) for batch in reference_answers for a in batch)
    assert refused > 0 and reference_state[0], "the batches must exercise refusals and rows"
    for name, (answers, state) in others:
        for number, (expected, got) in enumerate(zip(reference_answers, answers, strict=True)):
            assert got == expected, f"batch {number}: {name} answered unlike {reference_name}"
        assert state == reference_state, f"{name} stored other rows or tallies"


async def test_a_store_that_drifts_is_caught(database_urls: dict[str, str | None],
                                             tmp_path: Path) -> None:
    """The comparison can fail: a store whose tallies skip passes differs from the real one."""

    class NoPasses(CoreVoteStore):
        async def add_to_tallies(self, deltas: Any) -> None:
            await super().add_to_tallies([(pid, a, d, 0) for pid, a, d, _ in deltas])

    sqlite_url = database_urls["sqlite"]
    assert sqlite_url is not None

    async def core(world: World) -> StoreFactory:
        return _core_store(world.database)

    async def drifting(world: World) -> StoreFactory:
        return _core_store(world.database, NoPasses)

    _, real = await _run(sqlite_url, tmp_path, core, 3)
    _, drifted = await _run(sqlite_url, tmp_path, drifting, 3)
    assert real[0] == drifted[0]  # the same rows
    assert real[1] != drifted[1]  # other tallies
