"""「わたしの意見はどうなった？」 for one proposal: what it says before any analysis, who may ask.

The whole path (run → published themes → published draft → response → this answer) is walked
in tests/backend/analysis/test_planner_workflow.py; here the feature's own rules."""

from __future__ import annotations

from support import Api, post_proposal


async def test_a_new_proposal_has_no_theme_plan_item_or_response_yet(
    resident: Api, anonymous: Api, process_id: int
) -> None:
    proposal = await post_proposal(resident, process_id, title="駅前に駐輪場を")
    for api in (resident, anonymous):
        response = await api.get(f"/api/v1/proposals/{proposal['id']}/outcome")
        assert response.status_code == 200, response.text
        assert response.json() == {
            "proposal_id": proposal["id"],
            "theme": None,
            "plan_items": [],
            "responses": [],
        }


async def test_a_hidden_proposal_has_an_outcome_only_for_its_author_and_staff(
    resident: Api, other_resident: Api, anonymous: Api, planner: Api, process_id: int
) -> None:
    proposal = await post_proposal(resident, process_id, title="公園の照明を明るく")
    hidden = await planner.post(
        f"/api/v1/moderation/proposals/{proposal['id']}/hide", json={"reason": "確認中のため"}
    )
    assert hidden.status_code == 200, hidden.text
    url = f"/api/v1/proposals/{proposal['id']}/outcome"
    assert (await resident.get(url)).status_code == 200
    assert (await planner.get(url)).status_code == 200
    for api in (other_resident, anonymous):
        refused = await api.get(url)
        assert refused.status_code == 404
        assert refused.headers["content-type"].startswith("application/problem+json")


async def test_an_unknown_proposal_has_no_outcome(anonymous: Api) -> None:
    assert (await anonymous.get("/api/v1/proposals/987654/outcome")).status_code == 404
