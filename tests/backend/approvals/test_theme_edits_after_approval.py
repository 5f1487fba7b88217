"""Theme edits made after the themes were approved stay internal until the next approval, on
both databases: residents and anonymous visitors read the themes exactly as approved (the theme
page, a proposal's outcome, the open-data file) while planners see their edits and how many
are not public yet; an edit between submitting and approving is never published by it."""

from __future__ import annotations

import json
from typing import Any

from corpus import CORPUS

from support import Api, approved, post_proposal, wait_for_run


async def _published_run(
    planner: Api, approver: Api, resident: Api, process_id: int
) -> dict[str, Any]:
    """A run of the corpus whose themes (with no edit yet) were approved."""
    for title, body in CORPUS[:60]:
        await post_proposal(resident, process_id, title=title, body=body)
    started = await planner.post(
        f"/api/v1/processes/{process_id}/analysis-runs", json={"backend": "tfidf", "seed": 1}
    )
    run, _ = await wait_for_run(planner, started.json()["id"])
    assert run["status"] == "succeeded", run["error"]
    await approved(planner, approver, process_id, "themes", run["id"])
    return run


async def _public(anonymous: Api, process_id: int) -> dict[str, dict[str, Any]]:
    themes = (await anonymous.get(f"/api/v1/processes/{process_id}/themes")).json()["themes"]
    return {t["key"]: t for t in themes}


async def _board(planner: Api, run_id: int) -> dict[str, Any]:
    board = await planner.get(f"/api/v1/analysis-runs/{run_id}/themes")
    assert board.status_code == 200, board.text
    return board.json()


async def _edit(planner: Api, run_id: int, **edit: Any) -> None:
    done = await planner.post(f"/api/v1/analysis-runs/{run_id}/theme-edits", json=edit)
    assert done.status_code == 201, done.text


async def _open_data(anonymous: Api, process_id: int) -> dict[str, Any]:
    got = await anonymous.get(f"/api/v1/processes/{process_id}/public-exports/opendata-json")
    assert got.status_code == 200, got.text
    return dict(json.loads(got.content))


async def test_edits_after_approval_reach_residents_only_with_the_next_approval(
    planner: Api, approver: Api, resident: Api, anonymous: Api, process_id: int, worker: None
) -> None:
    run = await _published_run(planner, approver, resident, process_id)
    before = await _public(anonymous, process_id)
    first, second = [t for t in before.values() if not t["is_other"]][:2]
    moved = first["proposal_ids"][0]
    approved_data = await _open_data(anonymous, process_id)
    assert (await _board(planner, run["id"]))["unpublished_edits"] == 0

    await _edit(planner, run["id"], type="rename", theme_key=first["key"], title="新しい題名")
    await _edit(planner, run["id"], type="move", theme_key=second["key"], proposal_ids=[moved])

    public = await _public(anonymous, process_id)
    assert public[first["key"]]["title"] == first["title"]
    assert moved in public[first["key"]]["proposal_ids"]
    assert moved not in public[second["key"]]["proposal_ids"]
    outcome = (await anonymous.get(f"/api/v1/proposals/{moved}/outcome")).json()
    assert outcome["theme"]["key"] == first["key"]
    assert outcome["theme"]["title"] == first["title"]
    data = await _open_data(anonymous, process_id)
    assert data["themes"] == approved_data["themes"]
    assert data["theme_assignments"] == approved_data["theme_assignments"]
    assignment = {a["proposal_id"]: a["theme_key"] for a in data["theme_assignments"]}
    assert assignment[moved] == first["key"]

    staff = await _board(planner, run["id"])
    assert staff["published"] is True and staff["unpublished_edits"] == 2
    by_key = {t["key"]: t for t in staff["themes"]}
    assert by_key[first["key"]]["title"] == "新しい題名"
    assert moved in by_key[second["key"]]["proposal_ids"]

    await approved(planner, approver, process_id, "themes", run["id"])  # submitted again
    public = await _public(anonymous, process_id)
    assert public[first["key"]]["title"] == "新しい題名"
    assert moved in public[second["key"]]["proposal_ids"]
    outcome = (await anonymous.get(f"/api/v1/proposals/{moved}/outcome")).json()
    assert outcome["theme"]["key"] == second["key"]
    data = await _open_data(anonymous, process_id)
    assert {t["theme_key"]: t["title"] for t in data["themes"]}[first["key"]] == "新しい題名"
    assert (await _board(planner, run["id"]))["unpublished_edits"] == 0


async def test_an_edit_after_submitting_is_not_published_by_that_approval(
    planner: Api, approver: Api, resident: Api, anonymous: Api, process_id: int, worker: None
) -> None:
    run = await _published_run(planner, approver, resident, process_id)
    first = next(t for t in (await _public(anonymous, process_id)).values() if not t["is_other"])
    await _edit(planner, run["id"], type="rename", theme_key=first["key"], title="提出した題名")
    shown = (
        await planner.get(
            f"/api/v1/processes/{process_id}/approvals/preview",
            params={"object_type": "themes", "object_id": run["id"], "target": ""},
        )
    ).json()
    submitted = (
        await planner.post(
            f"/api/v1/processes/{process_id}/approvals",
            json={
                "object_type": "themes",
                "object_id": run["id"],
                "target": "",
                "payload_hash": shown["payload_hash"],
            },
        )
    ).json()

    # an edit residents would read differently: the submission no longer applies (409)
    await _edit(planner, run["id"], type="rename", theme_key=first["key"], title="後の題名")
    late = await approver.post(f"/api/v1/approvals/{submitted['id']}/approve")
    assert late.status_code == 409 and "submit" in late.json()["detail"]
    assert (await _public(anonymous, process_id))[first["key"]]["title"] == first["title"]

    # back to what was submitted, then only the English title changes (outside the hash):
    # approving publishes the submitted edits and leaves the later ones waiting
    await _edit(planner, run["id"], type="rename", theme_key=first["key"], title="提出した題名")
    await _edit(
        planner,
        run["id"],
        type="rename",
        theme_key=first["key"],
        title="提出した題名",
        title_en="A later English title",
    )
    decided = await approver.post(f"/api/v1/approvals/{submitted['id']}/approve")
    assert decided.status_code == 200, decided.text
    public = (await _public(anonymous, process_id))[first["key"]]
    assert (public["title"], public["title_en"]) == ("提出した題名", "")
    assert (await _board(planner, run["id"]))["unpublished_edits"] == 3
