"""Processes and their phases."""

from __future__ import annotations

from support import Api, approved, post_proposal


async def test_a_planner_creates_a_process_and_moves_its_phase(
    planner: Api, resident: Api, admin: Api, anonymous: Api
) -> None:
    created = await planner.post(
        "/api/v1/processes",
        json={
            "slug": "parks-2030",
            "title_ja": "公園の未来を考える",
            "title_en": "Parks 2030",
            "phases": [
                {"phase": "voting", "starts_on": "2026-12-01", "ends_on": "2026-12-31"},
                {"phase": "ideas", "starts_on": "2026-11-01", "ends_on": "2026-11-30"},
            ],
        },
    )
    assert created.status_code == 201, created.text
    process = created.json()
    assert process["phase"] == "ideas"
    assert [p["phase"] for p in process["phases"]] == ["ideas", "voting"]
    assert "propose" in process["allowed_actions"]
    await post_proposal(resident, process["id"])

    await approved(planner, admin, process["id"], "phase", process["id"], "voting")
    moved = await planner.get(f"/api/v1/processes/{process['id']}")
    assert moved.json()["allowed_actions"] == ["comment", "proxy_entry", "vote"]
    assert moved.json()["proposal_count"] == 1
    listed = (await anonymous.get("/api/v1/processes")).json()
    assert listed[0]["slug"] == "parks-2030"
    assert (
        await planner.post("/api/v1/processes", json={"slug": "parks-2030", "title_ja": "重複"})
    ).status_code == 409
    bad_dates = await planner.post(
        "/api/v1/processes",
        json={
            "slug": "bad-dates",
            "title_ja": "日付",
            "phases": [{"phase": "ideas", "starts_on": "2026-12-01", "ends_on": "2026-11-01"}],
        },
    )
    assert bad_dates.status_code == 422
    actions = [e["action"] for e in (await admin.get("/api/v1/admin/audit-events")).json()["items"]]
    assert actions[:4] == [
        "process.phase_changed",
        "approval.approved",
        "approval.submitted",
        "process.created",
    ]


async def test_unknown_phase_and_process_are_clear_errors(planner: Api, process_id: int) -> None:
    bad = await planner.get(
        f"/api/v1/processes/{process_id}/approvals/preview",
        params={"object_type": "phase", "object_id": process_id, "target": "party"},
    )
    assert bad.status_code == 422 and "party" in bad.json()["detail"]
    missing = await planner.get("/api/v1/processes/424242")
    assert missing.status_code == 404 and "424242" in missing.json()["detail"]


async def test_districts_are_listed_in_order(anonymous: Api) -> None:
    districts = (await anonymous.get("/api/v1/districts")).json()
    assert [d["code"] for d in districts] == ["chuo", "kita", "minami"]


async def test_a_planner_replaces_the_phase_timeline_of_a_process(
    planner: Api, anonymous: Api, process_id: int
) -> None:
    url = f"/api/v1/processes/{process_id}"
    timeline = [
        {"phase": "ideas", "starts_on": "2027-01-01", "ends_on": "2027-01-31"},
        {"phase": "closed", "starts_on": "2027-04-01"},
        {"phase": "voting", "starts_on": "2027-02-01", "ends_on": "2027-02-28"},
    ]
    changed = await planner.patch(url, json={"phases": timeline})
    assert changed.status_code == 200, changed.text
    phases = (await anonymous.get(url)).json()["phases"]
    assert [(p["phase"], p["starts_on"]) for p in phases] == [
        ("ideas", "2027-01-01"),
        ("voting", "2027-02-01"),
        ("closed", "2027-04-01"),
    ]
    again = await planner.patch(url, json={"phases": timeline[:1]})
    assert [p["phase"] for p in again.json()["phases"]] == ["ideas"]
    backwards = await planner.patch(
        url,
        json={"phases": [{"phase": "ideas", "starts_on": "2027-02-01", "ends_on": "2027-01-01"}]},
    )
    assert backwards.status_code == 422
    twice = await planner.patch(url, json={"phases": [{"phase": "ideas"}, {"phase": "ideas"}]})
    assert twice.status_code == 422
    assert [p["phase"] for p in (await anonymous.get(url)).json()["phases"]] == ["ideas"]
