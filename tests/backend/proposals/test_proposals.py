"""Posting, editing, listing and searching proposals through the real API."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from backend.proposals.models import Proposal
from support import Api, post_proposal, set_phase


async def _count(database: Any) -> int:
    async with database.session(write=False) as session:
        return int((await session.execute(select(func.count()).select_from(Proposal))).scalar())


async def test_a_resident_posts_a_proposal_and_anyone_reads_it(
    resident: Api, anonymous: Api, process_id: int
) -> None:
    created = await post_proposal(resident, process_id, tags=["交通", "バス", "交通"])
    assert created["channel"] == "online"
    assert created["status"] == "published"
    assert created["language"] == "ja"
    assert created["tags"] == ["バス", "交通"]
    assert len(created["content_hash"]) == 64
    assert created["author"]["display_name"] == "hanako"

    detail = (await anonymous.get(f"/api/v1/proposals/{created['id']}")).json()
    assert detail["title"] == "路線バスの本数を増やしてほしい"
    assert detail["tally"] == {"agree": 0, "disagree": 0, "pass": 0}
    assert detail["my_vote"] is None


async def test_anonymous_cannot_post(anonymous: Api, process_id: int, database: Any) -> None:
    response = await anonymous.post(
        f"/api/v1/processes/{process_id}/proposals",
        json={"title": "t", "body": "b", "district_code": "chuo"},
    )
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")
    assert await _count(database) == 0


async def test_validation_errors_are_problems_and_write_nothing(
    resident: Api, process_id: int, database: Any
) -> None:
    url = f"/api/v1/processes/{process_id}/proposals"
    cases = [
        {"title": "", "body": "本文", "district_code": "chuo"},
        {"title": "   ", "body": "本文", "district_code": "chuo"},
        {"title": "題名", "body": "あ" * 10_000, "district_code": "chuo"},
        {"title": "題名", "body": "本文", "district_code": "atlantis"},
        {"title": "題名", "body": "本文", "district_code": "chuo", "unexpected": 1},
    ]
    for body in cases:
        response = await resident.post(url, json=body)
        assert response.status_code == 422, (body, response.text)
        problem = response.json()
        assert response.headers["content-type"].startswith("application/problem+json")
        assert problem["status"] == 422 and problem["detail"] and problem["title"]
    malformed = await resident.post(
        url, content=b'{"title": "x",', headers={"content-type": "application/json"}
    )
    assert malformed.status_code == 400
    assert "JSON" in malformed.json()["detail"]
    assert await _count(database) == 0


async def test_unknown_district_names_the_known_ones(resident: Api, process_id: int) -> None:
    response = await resident.post(
        f"/api/v1/processes/{process_id}/proposals",
        json={"title": "題名", "body": "本文", "district_code": "atlantis"},
    )
    assert "atlantis" in response.json()["detail"] and "chuo" in response.json()["detail"]


async def test_only_the_author_edits_and_only_in_the_ideas_phase(
    resident: Api, other_resident: Api, process_id: int, database: Any
) -> None:
    proposal = await post_proposal(resident, process_id)
    url = f"/api/v1/proposals/{proposal['id']}"
    assert (await other_resident.patch(url, json={"title": "乗っ取り"})).status_code == 403
    edited = await resident.patch(url, json={"title": "バスの増便を", "tags": ["交通"]})
    assert edited.status_code == 200
    assert edited.json()["title"] == "バスの増便を"
    assert edited.json()["content_hash"] != proposal["content_hash"]
    await set_phase(database, process_id, "voting")
    closed = await resident.patch(url, json={"title": "もう一度"})
    assert closed.status_code == 409
    assert "voting" in closed.json()["detail"]


async def test_no_new_proposals_outside_the_ideas_phase(
    resident: Api, process_id: int, database: Any
) -> None:
    await set_phase(database, process_id, "voting")
    response = await resident.post(
        f"/api/v1/processes/{process_id}/proposals",
        json={"title": "題名", "body": "本文", "district_code": "chuo"},
    )
    assert response.status_code == 409
    assert response.json()["type"] == "/problems/phase-closed"
    assert await _count(database) == 0


async def test_japanese_search_finds_a_word_inside_a_compound(
    resident: Api, anonymous: Api, process_id: int
) -> None:
    bus = await post_proposal(resident, process_id, title="路線バスの本数", body="少なすぎます。")
    await post_proposal(resident, process_id, title="公園に遊具を", body="子どもが遊べる場所を。")
    url = f"/api/v1/processes/{process_id}/proposals"
    for query in ("バス", "路線バス", "本数 バス", "ﾊﾞｽ"):
        found = (await anonymous.get(url, params={"q": query})).json()["items"]
        assert [p["id"] for p in found] == [bus["id"]], query
    assert (await anonymous.get(url, params={"q": "図書館"})).json()["items"] == []


async def test_search_matches_inflected_verbs(
    resident: Api, anonymous: Api, process_id: int
) -> None:
    await post_proposal(resident, process_id, title="街灯を増やしてください", body="夜道が暗い。")
    found = (
        await anonymous.get(
            f"/api/v1/processes/{process_id}/proposals", params={"q": "街灯を増やす"}
        )
    ).json()["items"]
    assert len(found) == 1


async def test_filters_sorts_and_keyset_pages(
    resident: Api, other_resident: Api, anonymous: Api, process_id: int
) -> None:
    ids = []
    for i in range(5):
        p = await post_proposal(
            resident,
            process_id,
            title=f"提案{i}",
            district_code="kita" if i % 2 else "chuo",
            tags=["交通"] if i < 2 else [],
        )
        ids.append(p["id"])
    await other_resident.put(f"/api/v1/proposals/{ids[2]}/vote", json={"value": "agree"})
    await other_resident.post(f"/api/v1/proposals/{ids[3]}/comments", json={"body": "賛成です"})
    url = f"/api/v1/processes/{process_id}/proposals"

    first = (await anonymous.get(url, params={"limit": 2})).json()
    assert [p["id"] for p in first["items"]] == [ids[4], ids[3]]
    second = (await anonymous.get(url, params={"limit": 2, "cursor": first["next_cursor"]})).json()
    assert [p["id"] for p in second["items"]] == [ids[2], ids[1]]
    third = (await anonymous.get(url, params={"limit": 2, "cursor": second["next_cursor"]})).json()
    assert [p["id"] for p in third["items"]] == [ids[0]] and third["next_cursor"] is None

    kita = (await anonymous.get(url, params={"district": "kita"})).json()["items"]
    assert {p["id"] for p in kita} == {ids[1], ids[3]}
    tagged = (await anonymous.get(url, params={"tag": "交通"})).json()["items"]
    assert {p["id"] for p in tagged} == {ids[0], ids[1]}
    agreed = (await anonymous.get(url, params={"sort": "most_agreed", "limit": 1})).json()
    assert agreed["items"][0]["id"] == ids[2]
    rest = (
        await anonymous.get(
            url, params={"sort": "most_agreed", "limit": 10, "cursor": agreed["next_cursor"]}
        )
    ).json()["items"]
    assert [p["id"] for p in rest] == [ids[4], ids[3], ids[1], ids[0]]
    discussed = (await anonymous.get(url, params={"sort": "most_discussed"})).json()["items"]
    assert discussed[0]["id"] == ids[3] and discussed[0]["comment_count"] == 1

    bad = await anonymous.get(url, params={"cursor": "not-a-cursor"})
    assert bad.status_code == 422


async def test_withdrawn_and_hidden_proposals_leave_the_public_list(
    resident: Api, planner: Api, anonymous: Api, process_id: int
) -> None:
    a = await post_proposal(resident, process_id, title="取り下げる提案")
    b = await post_proposal(resident, process_id, title="非表示になる提案")
    assert (await resident.post(f"/api/v1/proposals/{a['id']}/withdraw")).status_code == 200
    hidden = await planner.post(
        f"/api/v1/moderation/proposals/{b['id']}/hide", json={"reason": "個人情報が含まれるため"}
    )
    assert hidden.status_code == 200
    url = f"/api/v1/processes/{process_id}/proposals"
    assert (await anonymous.get(url)).json()["items"] == []
    assert (await anonymous.get(f"/api/v1/proposals/{b['id']}")).status_code == 404
    assert (await anonymous.get(url, params={"status": "hidden"})).status_code == 403
    assert (await resident.get(url, params={"status": "hidden"})).status_code == 403
    staff_view = (await planner.get(url, params={"status": "hidden"})).json()["items"]
    assert [p["id"] for p in staff_view] == [b["id"]]
    assert staff_view[0]["status_reason"] == "個人情報が含まれるため"


async def test_the_author_withdraws_with_a_reason_that_only_staff_and_the_author_read(
    resident: Api, other_resident: Api, planner: Api, anonymous: Api, process_id: int
) -> None:
    proposal = await post_proposal(resident, process_id)
    url = f"/api/v1/proposals/{proposal['id']}/withdraw"
    reason = {"reason": "同じ内容の提案がすでにあったため"}
    assert (await other_resident.post(url, json=reason)).status_code == 403
    empty = await resident.post(url, json={"reason": ""})
    assert empty.status_code == 422 and "reason" in empty.text
    withdrawn = await resident.post(url, json=reason)
    assert withdrawn.status_code == 200
    assert withdrawn.json()["status"] == "withdrawn"
    assert withdrawn.json()["status_reason"] == reason["reason"]
    detail = f"/api/v1/proposals/{proposal['id']}"
    assert (await planner.get(detail)).json()["status_reason"] == reason["reason"]
    for outsider in (anonymous, other_resident):
        page = (await outsider.get(detail)).json()
        assert page["status"] == "withdrawn" and page["status_reason"] is None
    again = await resident.post(url, json=reason)
    assert again.status_code == 409
