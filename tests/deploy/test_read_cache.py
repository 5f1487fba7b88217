"""The one-second cache of anonymous public reads: never older than a second, never for signed-in
people, never handing one person's cookie to another."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from backend.app import create_app
from backend.core.database import Database
from support import Api, post_proposal, set_phase


@pytest.fixture
def cached_app(database: Database, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("KYOSO_READ_CACHE_SECONDS", "1")
    return create_app(database.settings, database=database)


async def test_a_vote_shows_in_the_public_list_within_a_second(
    cached_app: Any, database: Database, make_api: Any, process_id: int
) -> None:
    author = await make_api("author@example.jp")
    proposal = await post_proposal(author, process_id)
    await set_phase(database, process_id, "voting")
    anonymous, voter = Api(cached_app), Api(cached_app)
    await voter.login("author@example.jp")
    url = f"/api/v1/proposals/{proposal['id']}"
    before = await anonymous.get(url)
    assert before.json()["tally"]["agree"] == 0
    assert (await voter.put(f"{url}/vote", json={"value": "agree"})).status_code == 200
    assert (await voter.get(url)).json()["tally"]["agree"] == 1  # signed in: never cached
    fresh_client = Api(cached_app)
    cached = await fresh_client.get(url)
    assert "kyoso_session" not in cached.headers.get("set-cookie", "")
    await asyncio.sleep(1.05)
    assert (await anonymous.get(url)).json()["tally"]["agree"] == 1
    listed = (await anonymous.get(f"/api/v1/processes/{process_id}/proposals")).json()
    assert listed["items"][0]["tally"]["agree"] == 1
