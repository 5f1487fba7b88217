"""The vote store behaves the same on both databases: the same batches, queued at once on the
real ``VoteWriter``, on SQLite (the statements through SQLAlchemy) and on PostgreSQL (compiled
once and run on asyncpg, the production path; and through SQLAlchemy's asyncpg dialect), give
the same answer to every vote and leave the same rows in ``votes`` and the same tallies.

Each statement of ``votes/store.py`` is written once in SQLAlchemy Core but renders to other SQL
per database (arrays and ``unnest`` on PostgreSQL, ``json_each`` on SQLite); this is the test
that the two stay one behaviour. The batches mix first votes, changes, repeats of the same
value, retractions, retractions of nothing, the same resident on the same proposal twice in one
batch (the writer's second round), votes the rules refuse (a missing, a hidden and a withdrawn
proposal; a process in a phase without voting) and a vote the database refuses (an account
deleted after its session was read: the writer splits the batch, only that vote fails).
Offline tallies do not go through this store (``offline_tallies.py``, one Core statement on
the request's session on both databases)."""

from __future__ import annotations

import asyncio
import contextlib
import random
import re
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, select, text

from backend.core.config import load_settings
from backend.core.database import Database
from backend.core.errors import DomainError
from backend.core.fastpath import OnSqlAlchemy
from backend.models import Base
from backend.processes.models import District
from backend.proposals.models import Proposal
from backend.users.auth import CurrentUser
from backend.votes.models import Vote
from backend.votes.schemas import VoteResult
from backend.votes.store import VoteStore
from backend.votes.writer import VoteWriter
from support import make_process, make_user

RESIDENTS = 8
DELETED = RESIDENTS  # a resident whose account is gone: the database refuses their first vote
PUBLISHED = 6
# positions in the world's proposal list beyond the published ones
HIDDEN, WITHDRAWN, CLOSED_PHASE, MISSING = PUBLISHED, PUBLISHED + 1, PUBLISHED + 2, PUBLISHED + 3

Outcome = tuple[Any, ...]
WriterFactory = Callable[[Database], VoteWriter]


class World:
    """One database holding the same residents and proposals as the others, by position."""

    def __init__(self, database: Database, users: list[CurrentUser], proposals: list[int]):
        self.database = database
        self.users = users
        self.proposals = proposals
        self.position = {proposal_id: i for i, proposal_id in enumerate(proposals)}
        self.user_position = {user.id: i for i, user in enumerate(users)}


async def _proposal(
    database: Database, process_id: int, author_id: int, index: int, status: str = "published"
) -> int:
    async with database.session(write=True) as session:
        proposal = Proposal(
            process_id=process_id,
            author_id=author_id,
            title=f"提案{index}",
            body=f"提案{index}の本文",
            district_code="chuo",
            status=status,
            content_hash=f"{index:064d}",
        )
        session.add(proposal)
        await session.flush()
        return proposal.id


async def _world(url: str, data_dir: Path) -> World:
    database = Database(
        load_settings(
            database_url=url, data_dir=data_dir, secret_key="test-secret-key-not-for-production"
        )
    )
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
    users.append(
        CurrentUser(max(user.id for user in users) + 1000, "resident", "gone", "chuo", "30s", "ja")
    )
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
    """(resident, proposal, value) by position, queued together; a pair may come twice."""
    rng = random.Random(seed)
    batches = []
    for _ in range(40):
        batch = []
        for _ in range(rng.randint(1, 25)):
            proposal = (
                rng.randrange(PUBLISHED)
                if rng.random() < 0.85
                else rng.choice([HIDDEN, WITHDRAWN, CLOSED_PHASE, MISSING])
            )
            user = DELETED if rng.random() < 0.03 else rng.randrange(RESIDENTS)
            batch.append((user, proposal, rng.choice([1, -1, 0, 0, None])))
            if rng.random() < 0.1:  # the same resident changes their mind at once
                batch.append((user, proposal, rng.choice([1, -1, 0, None])))
        batches.append(batch)
    return batches


def _outcome(world: World, result: VoteResult | BaseException) -> Outcome:
    if isinstance(result, DomainError):
        # the message names the proposal's id, which differs between databases
        return (
            type(result).__name__,
            re.sub(
                r"\d+", lambda number: f"#{world.position.get(int(number[0]), '?')}", result.detail
            ),
        )
    if isinstance(result, BaseException):  # the drivers name the same refusal differently
        return ("refused by the database",)
    return (
        world.position[result.proposal_id],
        result.my_vote,
        result.tally.agree,
        result.tally.disagree,
        result.tally.pass_,
    )


async def _replay(world: World, writer: VoteWriter, seed: int) -> list[list[Outcome]]:
    answers = []
    for batch in _batches(seed):
        results = await asyncio.gather(
            *(
                writer.submit(world.users[user], world.proposals[proposal], value)
                for user, proposal, value in batch
            ),
            return_exceptions=True,
        )
        answers.append([_outcome(world, result) for result in results])
    return answers


async def _state(world: World) -> tuple[dict[tuple[int, int], int], dict[int, tuple[int, ...]]]:
    """Every vote row and every tally, by position."""
    async with world.database.session(write=False) as session:
        votes = {
            (world.user_position[user_id], world.position[proposal_id]): value
            for proposal_id, user_id, value in await session.execute(
                select(Vote.proposal_id, Vote.user_id, Vote.value)
            )
        }
        tallies = {
            world.position[row[0]]: tuple(row[1:])
            for row in await session.execute(
                select(
                    Proposal.id, Proposal.agree_count, Proposal.disagree_count, Proposal.pass_count
                )
            )
        }
    return votes, tallies


class CoreOnPostgres(VoteWriter):
    """The writer with its statements through SQLAlchemy's asyncpg dialect on PostgreSQL."""

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[VoteStore]:
        async with self._database.transaction() as connection:
            yield VoteStore(OnSqlAlchemy(connection))


async def _run(
    url: str, data_dir: Path, make_writer: WriterFactory, seed: int
) -> tuple[list[list[Outcome]], Any]:
    world = await _world(url, data_dir)
    writer = make_writer(world.database)
    try:
        answers = await _replay(world, writer, seed)
        return answers, await _state(world)
    finally:
        await writer.close()
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
    runs = {
        "SQLite, SQLAlchemy": await _run(sqlite_url, tmp_path, VoteWriter, seed),
        "PostgreSQL, asyncpg": await _run(postgres_url, tmp_path, VoteWriter, seed),
        "PostgreSQL, SQLAlchemy": await _run(postgres_url, tmp_path, CoreOnPostgres, seed),
    }
    (reference_name, (reference_answers, reference_state)), *others = runs.items()
    outcomes = [answer[0] for batch in reference_answers for answer in batch]
    assert "refused by the database" in outcomes and "NotFound" in outcomes, (
        "the batches must exercise the rules' and the database's refusals"
    )
    assert {"agree", "disagree", "pass", None} <= set(
        answer[1] for batch in reference_answers for answer in batch if len(answer) == 5
    )
    assert reference_state[0], "the batches must leave votes"
    for name, (answers, state) in others:
        for number, (expected, got) in enumerate(zip(reference_answers, answers, strict=True)):
            assert got == expected, f"batch {number}: {name} answered unlike {reference_name}"
        assert state == reference_state, f"{name} stored other rows or tallies"


async def test_a_store_that_drifts_is_caught(
    database_urls: dict[str, str | None], tmp_path: Path
) -> None:
    """The comparison can fail: a store whose tallies skip passes differs from the real one."""

    class NoPasses(VoteStore):
        async def add_to_tallies(self, deltas: Any) -> None:
            await super().add_to_tallies([(pid, a, d, 0) for pid, a, d, _ in deltas])

    class Drifting(VoteWriter):
        @contextlib.asynccontextmanager
        async def transaction(self) -> AsyncIterator[VoteStore]:
            async with self._database.transaction() as connection:
                yield NoPasses(OnSqlAlchemy(connection))

    sqlite_url = database_urls["sqlite"]
    assert sqlite_url is not None
    _, real = await _run(sqlite_url, tmp_path, VoteWriter, 3)
    _, drifted = await _run(sqlite_url, tmp_path, Drifting, 3)
    assert real[0] == drifted[0]  # the same rows
    assert real[1] != drifted[1]  # other tallies
