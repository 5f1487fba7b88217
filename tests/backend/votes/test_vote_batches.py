"""Group-committed votes: batches keep every vote's own answer and exact tallies, also with
two API processes (two writers) on one database."""

from __future__ import annotations

import asyncio
import random
from typing import Any

from sqlalchemy import func, select

from backend.app import close_database_clients, create_app
from backend.core.database import Database
from backend.core.errors import InvalidInput, NotFound, PhaseClosed
from backend.proposals.models import Proposal
from backend.users.auth import CurrentUser
from backend.votes.models import Vote
from backend.votes.schemas import VoteResult
from backend.votes.services import VoteChange, apply_votes
from support import Api, make_process, post_proposal, session_tokens


async def _tallies_match_rows(database: Database) -> dict[int, tuple[int, int, int]]:
    async with database.session(write=False) as session:
        rows = dict.fromkeys((await session.execute(select(Proposal.id))).scalars(), (0, 0, 0))
        counted = await session.execute(
            select(Vote.proposal_id, Vote.value, func.count()).group_by(
                Vote.proposal_id, Vote.value
            )
        )
        by_value: dict[int, dict[int, int]] = {}
        for proposal_id, value, count in counted:
            by_value.setdefault(proposal_id, {})[value] = count
        for proposal_id, values in by_value.items():
            rows[proposal_id] = (values.get(1, 0), values.get(-1, 0), values.get(0, 0))
        tallies = {
            row[0]: (row[1], row[2], row[3])
            for row in await session.execute(
                select(
                    Proposal.id, Proposal.agree_count, Proposal.disagree_count, Proposal.pass_count
                )
            )
        }
    assert tallies == rows
    return tallies


async def test_two_api_processes_voting_at_once_keep_tallies_exact(
    app: Any, database: Database, resident: Api, process_id: int
) -> None:
    second_process = create_app(database.settings, database=database)  # its own VoteWriter
    proposals = [
        (await post_proposal(resident, process_id, title=f"提案{i}"))["id"] for i in range(4)
    ]
    tokens = await session_tokens(database, 12)
    rng = random.Random(7)

    async def resident_votes(token: str) -> list[int]:
        clients = [Api(app, token), Api(second_process, token)]
        statuses = []
        for _ in range(8):  # changes, repeats and retractions of the same few votes
            url = f"/api/v1/proposals/{rng.choice(proposals)}/vote"
            client = rng.choice(clients)
            if rng.random() < 0.2:
                response = await client.delete(url)
            else:
                response = await client.put(
                    url, json={"value": rng.choice(["agree", "disagree", "pass"])}
                )
            statuses.append(response.status_code)
        return statuses

    results = await asyncio.gather(*(resident_votes(t) for t in tokens))
    assert {s for statuses in results for s in statuses} == {200}
    tallies = await _tallies_match_rows(database)
    assert sum(sum(t) for t in tallies.values()) > 0
    writers = [app.state.vote_writer, second_process.state.vote_writer]
    assert sum(w.votes_committed for w in writers) == 12 * 8
    assert sum(w.batches_committed for w in writers) < 12 * 8  # votes shared transactions
    await close_database_clients(second_process)


async def test_a_batch_answers_each_vote_with_its_own_outcome(
    app: Any, database: Database, resident: Api, other_resident: Api, process_id: int, planner: Api
) -> None:
    votable = (await post_proposal(resident, process_id))["id"]
    hidden = (await post_proposal(resident, process_id, title="非公開になる提案"))["id"]
    closed_process = await make_process(database, phase="draft", slug="closed")
    async with database.session(write=True) as session:
        to_hide = await session.get(Proposal, hidden)
        assert to_hide is not None
        to_hide.status = "hidden"
        session.add(
            Proposal(
                process_id=closed_process,
                author_id=None,
                title="締切後",
                body="本文",
                district_code="chuo",
                language="ja",
                channel="online",
                status="published",
                content_hash="x",
                search_text="締切後",
            )
        )
    async with database.session(write=False) as session:
        closed = (
            await session.execute(select(Proposal.id).where(Proposal.process_id == closed_process))
        ).scalar_one()
    me = await resident.get("/api/v1/auth/me")
    author = CurrentUser(me.json()["id"], "resident", "hanako", "chuo", "30s", "ja")
    them = await other_resident.get("/api/v1/auth/me")
    other = CurrentUser(them.json()["id"], "resident", "taro", "chuo", "30s", "ja")

    changes = [
        VoteChange(other, votable, 1),
        VoteChange(other, 999_999, 1),
        VoteChange(other, hidden, 1),
        VoteChange(author, hidden, -1),
        VoteChange(other, closed, 0),
        VoteChange(author, votable, None),  # taking back a vote never cast
        VoteChange(author, closed, None),
    ]
    async with app.state.vote_writer.transaction() as store:
        outcomes = await apply_votes(store, changes)
    agreed = outcomes[0]
    assert isinstance(agreed, VoteResult) and agreed.tally.agree == 1
    assert agreed == VoteResult(votable, "agree", agreed.tally)
    assert [type(o) for o in outcomes[1:5]] == [NotFound, NotFound, InvalidInput, PhaseClosed]
    assert outcomes[5] == VoteResult(votable, None, agreed.tally)
    assert isinstance(outcomes[6], PhaseClosed)
    await _tallies_match_rows(database)


async def test_the_same_persons_votes_in_one_burst_apply_in_order(
    app: Any, database: Database, resident: Api, other_resident: Api, process_id: int
) -> None:
    proposal = (await post_proposal(resident, process_id))["id"]
    me = (await other_resident.get("/api/v1/auth/me")).json()
    voter = CurrentUser(me["id"], "resident", "taro", "chuo", "30s", "ja")
    writer = app.state.vote_writer
    results = await asyncio.gather(
        *(writer.submit(voter, proposal, value) for value in (1, -1, None, 0))
    )
    assert [r.my_vote for r in results] == ["agree", "disagree", None, "pass"]
    assert (
        results[-1].tally.pass_ == 1
        and sum((results[-1].tally.agree, results[-1].tally.disagree)) == 0
    )
    await _tallies_match_rows(database)


async def test_a_vote_the_database_refuses_fails_alone_and_the_rest_of_its_batch_commits(
    app: Any, database: Database, resident: Api, process_id: int
) -> None:
    """One vote in a batch whose account is gone (deleted while the request was in flight:
    a foreign-key error) fails its own request; the others in the same transaction commit."""
    proposal = (await post_proposal(resident, process_id))["id"]
    tokens = await session_tokens(database, 6, prefix="batch-mate")
    voters = [
        CurrentUser(
            (await Api(app, token).get("/api/v1/auth/me")).json()["id"],
            "resident",
            "mate",
            "chuo",
            None,
            "ja",
        )
        for token in tokens
    ]
    ghost = CurrentUser(10_000_000, "resident", "ghost", "chuo", None, "ja")
    writer = app.state.vote_writer
    outcomes = await asyncio.gather(
        *(writer.submit(voter, proposal, 1) for voter in [*voters[:3], ghost, *voters[3:]]),
        return_exceptions=True,
    )
    assert [isinstance(o, VoteResult) for o in outcomes] == [True] * 3 + [False] + [True] * 3
    assert "foreign key" in str(outcomes[3]).lower()
    tallies = await _tallies_match_rows(database)
    assert tallies[proposal] == (6, 0, 0)
