"""The card flow's order (つぎの提案へ): the proposals a resident has not voted on, least-voted
first and then the oldest, without their own or hidden ones, with how many are left."""

from __future__ import annotations

from typing import Any

from support import Api, post_proposal, set_phase


async def _unvoted(api: Api, process_id: int, **params: Any) -> tuple[list[int], int]:
    response = await api.get(f"/api/v1/processes/{process_id}/proposals/unvoted", params=params)
    assert response.status_code == 200, response.text
    page = response.json()
    return [p["id"] for p in page["items"]], page["remaining"]


async def _vote(api: Api, proposal: dict[str, Any], value: str) -> None:
    response = await api.put(f"/api/v1/proposals/{proposal['id']}/vote", json={"value": value})
    assert response.status_code == 200, response.text


async def test_unvoted_proposals_come_least_voted_then_oldest_first(
    resident: Api, other_resident: Api, make_api: Any, planner: Api, process_id: int, database: Any
) -> None:
    third = await make_api("jiro@example.jp")
    a, b, c, d = [await post_proposal(resident, process_id, title=f"提案 {n}") for n in "abcd"]
    own = await post_proposal(other_resident, process_id, title="自分の提案")
    hidden = await post_proposal(resident, process_id, title="非表示の提案")
    hide = await planner.post(
        f"/api/v1/moderation/proposals/{hidden['id']}/hide",
        json={"reason": "個人情報が含まれるため"},
    )
    assert hide.status_code == 200
    await set_phase(database, process_id, "voting")
    await _vote(third, a, "agree")
    await _vote(resident, a, "disagree")
    await _vote(third, b, "pass")

    # c and d have no votes (c is older), b one, a two; taro's own and the hidden one are out
    assert await _unvoted(other_resident, process_id) == ([c["id"], d["id"], b["id"], a["id"]], 4)
    assert await _unvoted(other_resident, process_id, limit=2) == ([c["id"], d["id"]], 4)

    await _vote(other_resident, c, "pass")  # a pass is a vote: c is seen
    assert await _unvoted(other_resident, process_id) == ([d["id"], b["id"], a["id"]], 3)
    # each resident has their own queue: jiro voted on a and b; c now has taro's vote
    assert await _unvoted(third, process_id) == ([d["id"], own["id"], c["id"]], 3)
    for proposal in (d, b, a):
        await _vote(other_resident, proposal, "agree")
    assert await _unvoted(other_resident, process_id) == ([], 0)


async def test_only_signed_in_residents_get_a_queue_with_a_bounded_size(
    resident: Api, planner: Api, anonymous: Api, process_id: int
) -> None:
    url = f"/api/v1/processes/{process_id}/proposals/unvoted"
    assert (await anonymous.get(url)).status_code == 401
    staff = await planner.get(url)
    assert staff.status_code == 403 and "resident account" in staff.json()["detail"]
    for limit in (0, 51, "many"):
        bad = await resident.get(url, params={"limit": limit})
        assert bad.status_code == 422, (limit, bad.text)
        assert "limit" in bad.text
    assert (await resident.get(url, params={"limit": 50})).status_code == 200
    missing = await resident.get("/api/v1/processes/999999/proposals/unvoted")
    assert missing.status_code == 404
    assert await _unvoted(resident, process_id) == ([], 0)
