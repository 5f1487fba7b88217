"""Planners and administrators manage the city's districts; ones in use are merged, not lost."""

from __future__ import annotations

from support import Api, post_proposal


async def test_a_planner_adds_renames_and_deletes_an_unused_district(
    planner: Api, admin: Api, anonymous: Api
) -> None:
    added = await planner.post(
        "/api/v1/districts", json={"code": "higashi", "name_ja": "東地区", "name_en": "Higashi"}
    )
    assert added.status_code == 201, added.text
    assert added.json() == {
        "code": "higashi",
        "name_ja": "東地区",
        "name_en": "Higashi",
        "position": 3,
    }
    renamed = await planner.patch(
        "/api/v1/districts/higashi", json={"name_ja": "東部地区", "position": 0}
    )
    assert renamed.status_code == 200 and renamed.json()["name_ja"] == "東部地区"
    codes = [d["code"] for d in (await planner.get("/api/v1/districts")).json()]
    assert codes == ["chuo", "higashi", "kita", "minami"]
    assert (await admin.delete("/api/v1/districts/higashi")).status_code == 204
    assert (
        await planner.patch("/api/v1/districts/higashi", json={"name_ja": "x"})
    ).status_code == 404
    actions = [e["action"] for e in (await admin.get("/api/v1/admin/audit-events")).json()["items"]]
    assert actions[:3] == ["district.deleted", "district.updated", "district.created"]


async def test_a_duplicate_code_and_invalid_names_are_refused(planner: Api) -> None:
    duplicate = await planner.post(
        "/api/v1/districts", json={"code": "kita", "name_ja": "北", "name_en": "North"}
    )
    assert duplicate.status_code == 409
    assert "already exists" in duplicate.json()["detail"]
    for body in (
        {"code": "nishi", "name_ja": "", "name_en": "West"},
        {"code": "nishi", "name_ja": "西"},
        {"code": "nishi", "name_ja": "  ", "name_en": "West"},
        {"code": "Nishi Ku", "name_ja": "西", "name_en": "West"},
    ):
        refused = await planner.post("/api/v1/districts", json=body)
        assert refused.status_code == 422, body
        assert refused.json()["errors"], body


async def test_a_district_in_use_is_merged_into_another_with_its_proposals_and_accounts(
    planner: Api, resident: Api, admin: Api, process_id: int
) -> None:
    proposal = await post_proposal(resident, process_id)  # resident lives in chuo
    in_use = await planner.delete("/api/v1/districts/chuo")
    assert in_use.status_code == 409
    problem = in_use.json()
    assert (problem["proposals"], problem["users"]) == (1, 1)
    assert "1 proposal(s) and 1 account(s)" in problem["detail"]
    assert "merge" in problem["detail"].lower()

    assert (
        await planner.post("/api/v1/districts/chuo/merge", json={"into": "chuo"})
    ).status_code == 422
    assert (
        await planner.post("/api/v1/districts/chuo/merge", json={"into": "nowhere"})
    ).status_code == 422
    merged = await planner.post("/api/v1/districts/chuo/merge", json={"into": "kita"})
    assert merged.status_code == 201, merged.text
    assert merged.json() == {"code": "chuo", "into": "kita", "proposals_moved": 1, "users_moved": 1}
    moved = await resident.get(f"/api/v1/proposals/{proposal['id']}")
    assert moved.json()["district_code"] == "kita"
    assert (await resident.get("/api/v1/auth/me")).json()["district_code"] == "kita"
    assert "chuo" not in [d["code"] for d in (await planner.get("/api/v1/districts")).json()]
    event = (await admin.get("/api/v1/admin/audit-events")).json()["items"][0]
    assert event["action"] == "district.merged"


async def test_only_planners_and_administrators_change_districts(
    resident: Api, council: Api, anonymous: Api
) -> None:
    for api, status in ((anonymous, 401), (resident, 403), (council, 403)):
        assert (
            await api.post(
                "/api/v1/districts", json={"code": "nishi", "name_ja": "西", "name_en": "West"}
            )
        ).status_code == status
        assert (
            await api.patch("/api/v1/districts/kita", json={"name_ja": "x"})
        ).status_code == status
        assert (await api.delete("/api/v1/districts/minami")).status_code == status
        assert (
            await api.post("/api/v1/districts/minami/merge", json={"into": "kita"})
        ).status_code == status
