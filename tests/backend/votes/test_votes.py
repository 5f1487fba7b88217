"""Votes: one changeable vote per resident, exact tallies, even under concurrency."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import func, select

from backend.core.database import Database
from backend.votes.models import Vote
from support import Api, post_proposal, session_tokens, set_phase


async def test_a_vote_can_be_changed_and_counts_once(
    resident: Api, other_resident: Api, process_id: int, database: Database
) -> None:
    proposal = await post_proposal(resident, process_id)
    url = f"/api/v1/proposals/{proposal['id']}/vote"
    first = (await other_resident.put(url, json={"value": "agree"})).json()
    assert first["tally"] == {"agree": 1, "disagree": 0, "pass": 0}
    same = (await other_resident.put(url, json={"value": "agree"})).json()
    assert same["tally"] == {"agree": 1, "disagree": 0, "pass": 0}
    changed = (await other_resident.put(url, json={"value": "disagree"})).json()
    assert changed["tally"] == {"agree": 0, "disagree": 1, "pass": 0}
    await resident.put(url, json={"value": "pass"})

    detail = (await other_resident.get(f"/api/v1/proposals/{proposal['id']}")).json()
    assert detail["my_vote"] == "disagree"
    assert detail["tally"] == {"agree": 0, "disagree": 1, "pass": 1}
    listed = (await other_resident.get(f"/api/v1/processes/{process_id}/proposals")).json()
    assert listed["items"][0]["tally"] == detail["tally"]
    assert listed["items"][0]["my_vote"] == "disagree"

    retracted = (await other_resident.delete(url)).json()
    assert retracted["my_vote"] is None and retracted["tally"]["disagree"] == 0
    async with database.session(write=False) as session:
        assert (await session.execute(select(func.count()).select_from(Vote))).scalar() == 1


async def test_bad_vote_values_and_phases_are_refused(
    resident: Api, other_resident: Api, process_id: int, database: Database
) -> None:
    proposal = await post_proposal(resident, process_id)
    url = f"/api/v1/proposals/{proposal['id']}/vote"
    assert (await other_resident.put(url, json={"value": "maybe"})).status_code == 422
    assert (
        await other_resident.put("/api/v1/proposals/999999/vote", json={"value": "agree"})
    ).status_code == 404
    await set_phase(database, process_id, "voting")
    assert (await other_resident.put(url, json={"value": "agree"})).status_code == 200
    await set_phase(database, process_id, "draft")
    late = await other_resident.put(url, json={"value": "disagree"})
    assert late.status_code == 409 and late.json()["type"] == "/problems/phase-closed"


async def test_100_concurrent_votes_on_one_proposal_count_exactly(
    app: Any, database: Database, resident: Api, process_id: int
) -> None:
    proposal = await post_proposal(resident, process_id)
    voters = [Api(app, token) for token in await session_tokens(database, 100)]
    for voter in voters:  # fetch CSRF cookies first, so the burst is only votes
        await voter.get("/api/v1/districts")
    values = ["agree", "disagree", "pass", "agree"] * 25
    url = f"/api/v1/proposals/{proposal['id']}/vote"
    responses = await asyncio.gather(
        *(
            voter.put(url, json={"value": value})
            for voter, value in zip(voters, values, strict=True)
        )
    )
    assert [r.status_code for r in responses] == [200] * 100
    async with database.session(write=False) as session:
        counts = dict(
            (
                await session.execute(
                    select(Vote.value, func.count())
                    .where(Vote.proposal_id == proposal["id"])
                    .group_by(Vote.value)
                )
            ).all()
        )
    assert counts == {1: 50, -1: 25, 0: 25}
    detail = (await resident.get(url.removesuffix("/vote"))).json()
    assert detail["tally"] == {"agree": 50, "disagree": 25, "pass": 25}


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_one_resident_voting_twice_at_once_still_has_one_vote(
    resident: Api, other_resident: Api, process_id: int, database: Database
) -> None:
    proposal = await post_proposal(resident, process_id)
    url = f"/api/v1/proposals/{proposal['id']}/vote"
    await other_resident.get("/api/v1/districts")
    responses = await asyncio.gather(
        *(other_resident.put(url, json={"value": v}) for v in ["agree", "disagree"] * 5)
    )
    assert all(r.status_code == 200 for r in responses)
    detail = (await other_resident.get(f"/api/v1/proposals/{proposal['id']}")).json()
    assert sum(detail["tally"].values()) == 1
    assert detail["tally"][detail["my_vote"]] == 1
