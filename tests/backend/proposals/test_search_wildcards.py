"""Search words are matched as written: LIKE wildcards in a query match only themselves."""

from __future__ import annotations

import pytest

from support import Api, post_proposal


@pytest.mark.parametrize("query", ["%", "_", "%%", "\\", "_ス", "%_%"])
async def test_wildcards_in_a_search_do_not_match_everything(
    resident: Api, anonymous: Api, process_id: int, query: str
) -> None:
    await post_proposal(resident, process_id, title="路線バスの本数", body="バスが少ない")
    await post_proposal(resident, process_id, title="公園の整備", body="遊具を増やして")
    found = await anonymous.get(f"/api/v1/processes/{process_id}/proposals", params={"q": query})
    assert found.status_code == 200, found.text
    assert found.json()["items"] == []


async def test_a_percent_sign_in_a_proposal_is_found_by_itself(
    resident: Api, anonymous: Api, process_id: int
) -> None:
    await post_proposal(resident, process_id, title="再エネ100%のまち", body="太陽光パネル")
    await post_proposal(resident, process_id, title="公園の整備", body="遊具を増やして")
    found = await anonymous.get(f"/api/v1/processes/{process_id}/proposals", params={"q": "100%"})
    assert [p["title"] for p in found.json()["items"]] == ["再エネ100%のまち"]
