"""The planners' answering worklist (回答の作業一覧) and bulk answers per theme, on both databases:
what is unanswered, filtered and counted; hidden proposals neither listed nor counted; a theme's
unanswered proposals answered at once, nothing of it public before one approval."""

from __future__ import annotations

from typing import Any

from corpus import CORPUS

from backend.core.database import Database
from backend.drafts.models import Draft, DraftComment
from backend.responses.models import CityResponse
from support import Api, post_proposal, wait_for_run

ANSWER = {
    "summary": "バスの増便を求める意見",
    "response": "事業者と協議します。",
    "status": "partly_reflected",
}


async def _analysed(planner: Api, resident: Api, process_id: int) -> tuple[list[int], int]:
    ids = [
        (await post_proposal(resident, process_id, title=title, body=body))["id"]
        for title, body in CORPUS
    ]
    started = await planner.post(
        f"/api/v1/processes/{process_id}/analysis-runs", json={"backend": "tfidf", "seed": 1}
    )
    run, _ = await wait_for_run(planner, started.json()["id"])
    assert run["status"] == "succeeded", run["error"]
    return ids, run["id"]


def _url(process_id: int, path: str = "worklist") -> str:
    return f"/api/v1/processes/{process_id}/responses/{path}"


async def _worklist(api: Api, process_id: int, **params: Any) -> dict[str, Any]:
    got = await api.get(_url(process_id), params=params)
    assert got.status_code == 200, got.text
    return got.json()


async def _members(planner: Api, run_id: int, key: str) -> list[int]:
    """The theme's proposals as the planners' board shows them (subthemes' included)."""
    board = (await planner.get(f"/api/v1/analysis-runs/{run_id}/themes")).json()
    themes = board["themes"] + [s for t in board["themes"] for s in t["subthemes"]]
    return sorted(next(t for t in themes if t["key"] == key)["proposal_ids"])


async def test_the_worklist_lists_unanswered_items_with_filters_and_progress(
    planner: Api, resident: Api, database: Database, process_id: int, worker: None
) -> None:
    ids, run_id = await _analysed(planner, resident, process_id)
    hidden = ids[0]
    assert (
        await planner.post(
            f"/api/v1/moderation/proposals/{hidden}/hide", json={"reason": "個人情報"}
        )
    ).status_code == 200
    await planner.put(_url(process_id, "")[:-1], json={**ANSWER, "proposal_id": ids[1]})
    first = await _worklist(planner, process_id)
    assert first["run_id"] == run_id
    theme_key = next(
        i["theme_key"]
        for i in (await _worklist(planner, process_id, kind="theme", state="all"))["items"]
    )
    await planner.put(
        _url(process_id, "")[:-1], json={**ANSWER, "run_id": run_id, "theme_key": theme_key}
    )
    author = int((await resident.get("/api/v1/auth/me")).json()["id"])
    async with database.session(write=True) as session:  # residents' comments on a draft
        draft = Draft(process_id=process_id, run_id=run_id)
        session.add(draft)
        await session.flush()
        comments = [
            DraftComment(
                draft_id=draft.id, version_number=1, section_key="g1", author_id=author, body=text
            )
            for text in ("バス停の整備を急いでほしい", "公園の遊具について")
        ]
        session.add_all(comments)
        await session.flush()
        session.add(
            CityResponse(
                process_id=process_id,
                target_type="comment",
                target_key=str(comments[0].id),
                **ANSWER,
            )
        )

    unanswered = await _worklist(planner, process_id)
    listed = [i["id"] for i in unanswered["items"]]
    assert listed == [p for p in ids if p not in (hidden, ids[1])]
    assert unanswered["matching"] == len(listed)
    assert all(i["kind"] == "proposal" and i["response"] is None for i in unanswered["items"])
    themes = (await _worklist(planner, process_id, kind="theme", state="all"))["items"]
    progress = unanswered["progress"]
    assert progress["proposal"] == {"answered": 1, "total": len(ids) - 1}
    assert progress["theme"] == {"answered": 1, "total": len(themes)}
    assert progress["comment"] == {"answered": 1, "total": 2}
    assert progress["overall"] == {"answered": 3, "total": len(ids) - 1 + len(themes) + 2}

    answered = (await _worklist(planner, process_id, state="answered"))["items"]
    assert [(i["id"], i["response"]["status"], i["response"]["published"]) for i in answered] == [
        (ids[1], "partly_reflected", False)
    ]
    everything = await _worklist(planner, process_id, state="all")
    assert hidden not in [i["id"] for i in everything["items"]]
    assert len(everything["items"]) == len(ids) - 1

    members = await _members(planner, run_id, theme_key)
    in_theme = (await _worklist(planner, process_id, theme=theme_key, state="all"))["items"]
    assert [i["id"] for i in in_theme] == [p for p in members if p != hidden]
    assert (await _worklist(planner, process_id, theme=theme_key, state="all", limit=1))[
        "matching"
    ] == len(in_theme)
    assert {i["theme_key"] for i in in_theme} <= {theme_key}
    answered_theme = (await _worklist(planner, process_id, kind="theme", state="answered"))["items"]
    assert [i["theme_key"] for i in answered_theme] == [theme_key]
    assert answered_theme[0]["target_key"] == f"{run_id}:{theme_key}"

    bus = (await _worklist(planner, process_id, q="ばす", state="all"))["items"]
    assert bus and all("バス" in i["title"] or "バス" in CORPUS[ids.index(i["id"])][1] for i in bus)
    assert (await _worklist(planner, process_id, q="%", state="all"))["items"] == []
    comments_left = (await _worklist(planner, process_id, kind="comment"))["items"]
    assert [(i["title"], i["theme_title"]) for i in comments_left] == [("公園の遊具について", "g1")]
    assert (await _worklist(planner, process_id, kind="comment", q="バス停", state="answered"))[
        "items"
    ][0]["response"]["status"] == "partly_reflected"

    pages, cursor = [], None
    while True:
        page = await _worklist(
            planner, process_id, limit=3, **({"cursor": cursor} if cursor else {})
        )
        pages += [i["id"] for i in page["items"]]
        assert page["matching"] == len(listed)
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages == listed


async def test_the_worklist_is_for_staff_and_refuses_unknown_filters(
    planner: Api, resident: Api, council: Api, anonymous: Api, process_id: int
) -> None:
    assert (await anonymous.get(_url(process_id))).status_code == 401
    assert (await resident.get(_url(process_id))).status_code == 403
    assert (await council.get(_url(process_id))).status_code == 403
    for params in ({"kind": "vote"}, {"state": "maybe"}, {"limit": 0}):
        bad = await planner.get(_url(process_id), params=params)
        assert bad.status_code == 422, params
        assert bad.headers["content-type"].startswith("application/problem+json")
    no_run = await planner.get(_url(process_id), params={"theme": "t1"})
    assert no_run.status_code == 422 and "no analysis run" in no_run.json()["detail"]
    empty = await _worklist(planner, process_id)
    assert empty["items"] == [] and empty["progress"]["overall"] == {"answered": 0, "total": 0}
    bulk = {**ANSWER, "run_id": 1, "theme_key": "t1"}
    assert (await anonymous.post(_url(process_id, "bulk"), json=bulk)).status_code == 401
    assert (await resident.post(_url(process_id, "bulk"), json=bulk)).status_code == 403


async def test_a_theme_is_answered_at_once_and_published_by_one_approval(
    planner: Api,
    approver: Api,
    admin: Api,
    resident: Api,
    anonymous: Api,
    database: Database,
    process_id: int,
    worker: None,
) -> None:
    _, run_id = await _analysed(planner, resident, process_id)
    board = (await planner.get(f"/api/v1/analysis-runs/{run_id}/themes")).json()
    key = max(board["themes"], key=lambda t: t["size"])["key"]
    members = await _members(planner, run_id, key)
    assert len(members) >= 3
    own = {**ANSWER, "proposal_id": members[0], "response": "個別に回答します。"}
    assert (await planner.put(_url(process_id, "")[:-1], json=own)).status_code == 200
    hidden = members[1]
    await planner.post(f"/api/v1/moderation/proposals/{hidden}/hide", json={"reason": "重複"})

    bulk = {**ANSWER, "run_id": run_id, "theme_key": key, "status": "for_reference"}
    done = await planner.post(_url(process_id, "bulk"), json=bulk)
    assert done.status_code == 200, done.text
    result = done.json()
    assert (result["created"], result["updated"], result["skipped"]) == (len(members) - 2, 0, 1)
    staff = (await planner.get(f"/api/v1/processes/{process_id}/responses")).json()["items"]
    answered = {r["proposal_id"]: r["response"] for r in staff}
    assert answered[members[0]] == "個別に回答します。"
    assert hidden not in answered
    assert all(answered[p] == ANSWER["response"] for p in members[2:])
    left = await _worklist(planner, process_id, theme=key)
    assert left["items"] == []

    events = [
        e
        for e in (await admin.get("/api/v1/admin/audit-events")).json()["items"]
        if e["action"] == "response.bulk_saved"
    ]
    assert len(events) == 1 and events[0]["details"]["created"] == len(members) - 2

    public = f"/api/v1/processes/{process_id}/responses"
    assert (await anonymous.get(public)).json()["items"] == []
    assert (await anonymous.get(f"/api/v1/proposals/{members[2]}/outcome")).json()[
        "responses"
    ] == []

    shown = await planner.get(
        f"/api/v1/processes/{process_id}/approvals/preview",
        params={"object_type": "theme_responses", "object_id": run_id, "target": key},
    )
    assert shown.status_code == 200, shown.text
    listed = [r["proposal_id"] for r in shown.json()["preview"]["responses"]]
    assert listed == [members[0], *members[2:]]
    submitted = await planner.post(
        f"/api/v1/processes/{process_id}/approvals",
        json={
            "object_type": "theme_responses",
            "object_id": run_id,
            "target": key,
            "payload_hash": shown.json()["payload_hash"],
        },
    )
    assert submitted.status_code == 201, submitted.text
    approval = submitted.json()["id"]
    assert (await planner.post(f"/api/v1/approvals/{approval}/approve")).status_code == 403
    assert (await anonymous.get(public)).json()["items"] == []
    assert (await approver.post(f"/api/v1/approvals/{approval}/approve")).status_code == 200
    published = {r["proposal_id"] for r in (await anonymous.get(public)).json()["items"]}
    assert published == {members[0], *members[2:]}

    again = await planner.get(
        f"/api/v1/processes/{process_id}/approvals/preview",
        params={"object_type": "theme_responses", "object_id": run_id, "target": key},
    )
    assert again.status_code == 422 and "nothing new" in again.json()["detail"]

    overwrite = await planner.post(
        _url(process_id, "bulk"), json={**bulk, "only_unanswered": False, "response": "改訂"}
    )
    assert overwrite.json()["updated"] == len(members) - 1
    assert {r["response"] for r in (await anonymous.get(public)).json()["items"]} == {
        "個別に回答します。",
        ANSWER["response"],
    }


async def test_bulk_on_an_unknown_theme_or_run_says_so(
    planner: Api, resident: Api, process_id: int, worker: None
) -> None:
    _, run_id = await _analysed(planner, resident, process_id)
    unknown = await planner.post(
        _url(process_id, "bulk"), json={**ANSWER, "run_id": run_id, "theme_key": "t999"}
    )
    assert unknown.status_code == 404
    assert "There is no theme 't999'" in unknown.json()["detail"]
    no_run = await planner.post(
        _url(process_id, "bulk"), json={**ANSWER, "run_id": run_id + 1000, "theme_key": "t1"}
    )
    assert no_run.status_code == 404 and "analysis run" in no_run.json()["detail"]
    bad = await planner.post(
        _url(process_id, "bulk"),
        json={**ANSWER, "run_id": run_id, "theme_key": "t1", "status": "maybe"},
    )
    assert bad.status_code == 422
    unknown_filter = await planner.get(_url(process_id), params={"theme": "t999"})
    assert unknown_filter.status_code == 404
