"""A process's channels and archiving, as planners set them and residents meet them."""

from __future__ import annotations

from backend.analysis.runner import _inputs
from support import Api, post_proposal

PROXY = {
    "title": "紙で届いた意見",
    "body": "公民館の駐車場を広く。",
    "district_code": "kita",
    "channel": "paper",
}
NEW_PROPOSAL = {
    "title": "ベンチを増やして",
    "body": "駅前に座る場所がありません。",
    "district_code": "chuo",
}


async def test_a_process_without_online_refuses_a_residents_post_but_takes_paper(
    planner: Api, resident: Api, process_id: int
) -> None:
    url = f"/api/v1/processes/{process_id}"
    assert (await planner.get(url)).json()["channels"] == ["online", "paper", "meeting", "phone"]
    closed = await planner.patch(url, json={"channels": ["phone", "paper"]})
    assert closed.status_code == 200, closed.text
    assert closed.json()["channels"] == ["paper", "phone"]
    assert closed.json()["allowed_actions"] == ["comment", "edit_proposal", "proxy_entry", "vote"]

    refused = await resident.post(f"{url}/proposals", json=NEW_PROPOSAL)
    assert refused.status_code == 409
    assert "does not accept online proposals" in refused.json()["detail"]
    assert (await planner.post(f"{url}/proxy-proposals", json=PROXY)).status_code == 201
    meeting = await planner.post(f"{url}/proxy-proposals", json={**PROXY, "channel": "meeting"})
    assert meeting.status_code == 409 and "meetings" in meeting.json()["detail"]


async def test_channels_must_be_known_and_at_least_one(planner: Api, process_id: int) -> None:
    url = f"/api/v1/processes/{process_id}"
    assert (await planner.patch(url, json={"channels": []})).status_code == 422
    unknown = await planner.patch(url, json={"channels": ["fax"]})
    assert unknown.status_code == 422 and "channels" in unknown.json()["detail"]
    created = await planner.post(
        "/api/v1/processes",
        json={"slug": "paper-only", "title_ja": "紙だけ", "channels": ["paper"]},
    )
    assert created.status_code == 201 and created.json()["channels"] == ["paper"]


async def test_an_archived_process_leaves_the_public_list_and_refuses_posts_and_votes(
    planner: Api, resident: Api, other_resident: Api, admin: Api, process_id: int
) -> None:
    proposal = await post_proposal(resident, process_id)
    url = f"/api/v1/processes/{process_id}"
    archived = await planner.post(f"{url}/archive")
    assert archived.status_code == 200, archived.text
    assert archived.json()["archived_at"] and archived.json()["allowed_actions"] == []

    assert [p["id"] for p in (await resident.get("/api/v1/processes")).json()] == []
    staff_list = await planner.get("/api/v1/processes", params={"archived": "include"})
    assert [p["id"] for p in staff_list.json()] == [process_id]
    only = await planner.get("/api/v1/processes", params={"archived": "only"})
    assert [p["id"] for p in only.json()] == [process_id]
    assert (
        await resident.get("/api/v1/processes", params={"archived": "include"})
    ).status_code == 403
    assert (await planner.get(url)).status_code == 200

    post = await resident.post(f"{url}/proposals", json=NEW_PROPOSAL)
    assert post.status_code == 409 and "archived" in post.json()["detail"]
    vote = await other_resident.put(
        f"/api/v1/proposals/{proposal['id']}/vote", json={"value": "agree"}
    )
    assert vote.status_code == 409 and "archived" in vote.json()["detail"]
    edit = await planner.patch(url, json={"title_ja": "変更"})
    assert edit.status_code == 409 and "Restore it first" in edit.json()["detail"]
    assert (await planner.post(f"{url}/archive")).status_code == 409

    restored = await planner.post(f"{url}/restore")
    assert restored.status_code == 200 and restored.json()["archived_at"] is None
    assert (await planner.post(f"{url}/restore")).status_code == 409
    assert [p["id"] for p in (await resident.get("/api/v1/processes")).json()] == [process_id]
    vote = await other_resident.put(
        f"/api/v1/proposals/{proposal['id']}/vote", json={"value": "agree"}
    )
    assert vote.status_code == 200, vote.text
    actions = [e["action"] for e in (await admin.get("/api/v1/admin/audit-events")).json()["items"]]
    assert actions[:2] == ["process.restored", "process.archived"]


async def test_only_planners_and_administrators_manage_processes(
    resident: Api, council: Api, anonymous: Api, admin: Api, process_id: int
) -> None:
    url = f"/api/v1/processes/{process_id}"
    for api, status in ((anonymous, 401), (resident, 403), (council, 403)):
        assert (
            await api.post("/api/v1/processes", json={"slug": "nope", "title_ja": "不可"})
        ).status_code == status
        assert (await api.patch(url, json={"channels": ["paper"]})).status_code == status
        assert (await api.post(f"{url}/archive")).status_code == status
        assert (await api.post(f"{url}/restore")).status_code == status
    assert (await admin.post(f"{url}/archive")).status_code == 200


async def test_a_planners_landmarks_reach_the_analysis_as_place_names(
    planner: Api, resident: Api, database, process_id: int
) -> None:
    """Landmarks (a river, a beach) are left out of the text before themes form, as the
    districts' names are: 「緑川と南浜」 was a demo theme's title."""
    url = f"/api/v1/processes/{process_id}"
    assert (await planner.get(url)).json()["landmarks"] == []
    saved = await planner.patch(url, json={"landmarks": [" 緑川 ", "南浜", "緑川", "Midori River"]})
    assert saved.status_code == 200, saved.text
    assert saved.json()["landmarks"] == ["緑川", "南浜", "Midori River"]
    assert (await resident.get(url)).json()["landmarks"] == ["緑川", "南浜", "Midori River"]
    for bad in (["緑川\n南浜"], [""], ["川" * 81]):
        refused = await planner.patch(url, json={"landmarks": bad})
        assert refused.status_code == 422, bad
        assert "landmarks" in refused.json()["detail"]
    place_names = (await _inputs(database, process_id)).place_names
    assert {"緑川", "南浜", "Midori River"} <= set(place_names)
    assert len(place_names) > 3  # the districts' names too

    created = await planner.post(
        "/api/v1/processes",
        json={"slug": "river-plan", "title_ja": "川の計画", "landmarks": ["大瀬川"]},
    )
    assert created.status_code == 201 and created.json()["landmarks"] == ["大瀬川"]
    assert (await _inputs(database, created.json()["id"])).place_names[-1] == "大瀬川"
