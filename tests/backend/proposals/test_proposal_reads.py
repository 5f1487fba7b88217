"""What each viewer reads of a proposal: their own vote, staff-only fields, hidden proposals;
the same on the list, the detail, search and the answer to a write."""

from __future__ import annotations

from typing import Any

from backend.core.pagination import encode_cursor
from support import Api, post_proposal, set_phase


async def _listed(api: Api, process_id: int, **params: Any) -> dict[int, dict[str, Any]]:
    response = await api.get(f"/api/v1/processes/{process_id}/proposals", params=params)
    assert response.status_code == 200, response.text
    return {p["id"]: p for p in response.json()["items"]}


async def _detail(api: Api, proposal_id: int) -> dict[str, Any]:
    response = await api.get(f"/api/v1/proposals/{proposal_id}")
    assert response.status_code == 200, response.text
    return response.json()


async def test_each_resident_sees_their_own_vote_on_the_list_detail_and_search(
    resident: Api, other_resident: Api, anonymous: Api, process_id: int, database: Any
) -> None:
    a = await post_proposal(resident, process_id, title="路線バスの本数を増やして")
    b = await post_proposal(resident, process_id, title="公園に遊具を", body="遊び場を。")
    c = await post_proposal(resident, process_id, title="図書館を夜まで", body="開館時間。")
    await set_phase(database, process_id, "voting")
    for api, proposal, value in [
        (other_resident, a, "agree"),
        (other_resident, b, "pass"),
        (resident, a, "disagree"),
    ]:
        voted = await api.put(f"/api/v1/proposals/{proposal['id']}/vote", json={"value": value})
        assert voted.status_code == 200, voted.text

    expected = {
        other_resident: {a["id"]: "agree", b["id"]: "pass", c["id"]: None},
        resident: {a["id"]: "disagree", b["id"]: None, c["id"]: None},
        anonymous: {a["id"]: None, b["id"]: None, c["id"]: None},
    }
    for api, votes in expected.items():
        listed = await _listed(api, process_id)
        assert {i: p["my_vote"] for i, p in listed.items()} == votes
        for sort in ("most_agreed", "most_discussed"):
            sorted_list = await _listed(api, process_id, sort=sort)
            assert {i: p["my_vote"] for i, p in sorted_list.items()} == votes
        for proposal_id, vote in votes.items():
            assert (await _detail(api, proposal_id))["my_vote"] == vote
        found = await _listed(api, process_id, q="バス")
        assert {i: p["my_vote"] for i, p in found.items()} == {a["id"]: votes[a["id"]]}
    assert (await _detail(anonymous, a["id"]))["tally"] == {"agree": 1, "disagree": 1, "pass": 0}


async def test_a_list_item_equals_the_detail_for_every_viewer(
    resident: Api, other_resident: Api, planner: Api, anonymous: Api, process_id: int
) -> None:
    await post_proposal(resident, process_id, tags=["交通", "バス", "夜"])
    await post_proposal(other_resident, process_id, title="タグのない提案", tags=[])
    proxy = await planner.post(
        f"/api/v1/processes/{process_id}/proxy-proposals",
        json={
            "title": "紙で届いた意見",
            "body": "公民館の駐車場を広く。",
            "district_code": "kita",
            "channel": "paper",
            "submitter_name": "山田花子",
        },
    )
    assert proxy.status_code == 201, proxy.text
    for api in (resident, other_resident, planner, anonymous):
        listed = await _listed(api, process_id)
        assert len(listed) == 3
        for proposal_id, item in listed.items():
            assert await _detail(api, proposal_id) == item


async def test_staff_alone_see_who_entered_a_proxy_submission_and_for_whom(
    resident: Api, planner: Api, anonymous: Api, process_id: int
) -> None:
    created = (
        await planner.post(
            f"/api/v1/processes/{process_id}/proxy-proposals",
            json={
                "title": "電話で受けた意見",
                "body": "横断歩道が欲しい。",
                "district_code": "chuo",
                "channel": "phone",
                "submitter_name": "佐藤一郎",
                "tags": ["安全", "交通"],
            },
        )
    ).json()
    assert created["submitter_name"] == "佐藤一郎"
    assert created["entered_by"]["display_name"] == "planner"
    assert created["author"] is None and created["channel"] == "phone"
    assert created["tags"] == ["交通", "安全"]
    staff_view = await _detail(planner, created["id"])
    assert staff_view == created
    for api in (resident, anonymous):
        public = await _detail(api, created["id"])
        assert public["submitter_name"] is None and public["entered_by"] is None
        assert public["author"] is None and public["tags"] == ["交通", "安全"]


async def test_a_hidden_proposal_exists_for_its_author_and_staff_only(
    resident: Api, other_resident: Api, planner: Api, anonymous: Api, process_id: int
) -> None:
    proposal = await post_proposal(resident, process_id, title="非表示になる提案")
    hide = await planner.post(
        f"/api/v1/moderation/proposals/{proposal['id']}/hide",
        json={"reason": "個人情報が含まれるため"},
    )
    assert hide.status_code == 200
    for api in (resident, planner):
        seen = await _detail(api, proposal["id"])
        assert seen["status"] == "hidden" and seen["status_reason"] == "個人情報が含まれるため"
    for api in (other_resident, anonymous):
        assert (await api.get(f"/api/v1/proposals/{proposal['id']}")).status_code == 404
    assert await _listed(resident, process_id) == {}
    hidden_list = await _listed(planner, process_id, status="hidden")
    assert hidden_list[proposal["id"]] == await _detail(planner, proposal["id"])


async def test_my_proposals_and_unknown_processes_and_proposals(
    resident: Api, other_resident: Api, anonymous: Api, process_id: int
) -> None:
    mine = await post_proposal(resident, process_id)
    await post_proposal(other_resident, process_id, title="別の人の提案")
    assert list(await _listed(resident, process_id, mine="true")) == [mine["id"]]
    assert await _listed(anonymous, process_id, mine="true") == {}
    assert (await anonymous.get("/api/v1/processes/999999/proposals")).status_code == 404
    hidden = await anonymous.get("/api/v1/processes/999999/proposals", params={"status": "hidden"})
    assert hidden.status_code == 404
    assert (await resident.get("/api/v1/proposals/999999")).status_code == 404
    blank_tag = await _listed(anonymous, process_id, tag=" ")
    assert blank_tag == {}


async def test_an_edit_answers_with_the_new_text_tags_and_my_vote(
    resident: Api, process_id: int, database: Any
) -> None:
    proposal = await post_proposal(resident, process_id, tags=["交通"])
    edited = (
        await resident.patch(
            f"/api/v1/proposals/{proposal['id']}",
            json={"title": "新しい題名", "tags": ["夜", "安全"]},
        )
    ).json()
    assert edited["title"] == "新しい題名" and edited["tags"] == ["夜", "安全"]
    assert edited == await _detail(resident, proposal["id"])
    withdrawn = (await resident.post(f"/api/v1/proposals/{proposal['id']}/withdraw")).json()
    assert withdrawn["status"] == "withdrawn" and withdrawn["my_vote"] is None


async def test_a_cursor_or_filter_the_database_cannot_hold_is_refused_not_a_500(
    resident: Api, anonymous: Api, process_id: int
) -> None:
    await post_proposal(resident, process_id)
    url = f"/api/v1/processes/{process_id}/proposals"
    for value in (2**31, 2**62):
        cursor = encode_cursor(value, 1)
        for sort in ("most_agreed", "most_discussed", "newest"):
            response = await anonymous.get(url, params={"sort": sort, "cursor": cursor})
            assert response.status_code in (200, 422), (sort, value, response.text)
            assert response.headers["content-type"].startswith(
                "application/json" if response.status_code == 200 else "application/problem+json"
            )
    for params in ({"district": "chuo\x00"}, {"tag": "交通\x00"}, {"q": "バス\x00"}):
        response = await anonymous.get(url, params=params)
        assert response.status_code in (200, 422), (params, response.text)
