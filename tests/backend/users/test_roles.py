"""Role and ownership rules enforced on the server."""

from __future__ import annotations

from support import Api, post_proposal


async def test_anonymous_gets_401_on_signed_in_routes(anonymous: Api, process_id: int) -> None:
    for method, url in [
        ("GET", "/api/v1/auth/me"),
        ("PUT", "/api/v1/proposals/1/vote"),
        ("POST", f"/api/v1/processes/{process_id}/proxy-proposals"),
        ("GET", "/api/v1/moderation/reports"),
        ("GET", "/api/v1/admin/users"),
        ("GET", "/api/v1/admin/audit-events"),
        ("POST", "/api/v1/processes"),
    ]:
        response = await anonymous.request(method, url, json={})
        assert response.status_code == 401, (method, url, response.text)


async def test_residents_get_403_on_staff_routes(resident: Api, process_id: int) -> None:
    for method, url, body in [
        (
            "POST",
            f"/api/v1/processes/{process_id}/proxy-proposals",
            {"title": "t", "body": "b", "district_code": "chuo", "channel": "paper"},
        ),
        ("GET", "/api/v1/moderation/reports", None),
        ("POST", f"/api/v1/processes/{process_id}/approvals", {}),
        ("GET", "/api/v1/approvals", None),
        ("POST", "/api/v1/processes", {"slug": "new-one", "title_ja": "新しい取組"}),
        ("GET", "/api/v1/admin/users", None),
        ("GET", "/api/v1/admin/audit-events", None),
    ]:
        response = await resident.request(method, url, json=body)
        assert response.status_code == 403, (method, url, response.text)
        assert response.json()["type"] == "/problems/forbidden"


async def test_council_reads_but_does_not_act(council: Api, resident: Api, process_id: int) -> None:
    proposal = await post_proposal(resident, process_id)
    assert (await council.get(f"/api/v1/proposals/{proposal['id']}")).status_code == 200
    assert (
        await council.put(f"/api/v1/proposals/{proposal['id']}/vote", json={"value": "agree"})
    ).status_code == 403
    assert (
        await council.get(
            f"/api/v1/processes/{process_id}/approvals/preview",
            params={"object_type": "phase", "object_id": process_id, "target": "voting"},
        )
    ).status_code == 403
    assert (await council.get("/api/v1/moderation/reports")).status_code == 403


async def test_planners_are_not_admins(planner: Api) -> None:
    assert (await planner.get("/api/v1/admin/users")).status_code == 403


async def test_staff_do_not_post_as_residents(planner: Api, process_id: int) -> None:
    response = await planner.post(
        f"/api/v1/processes/{process_id}/proposals",
        json={"title": "題名", "body": "本文", "district_code": "chuo"},
    )
    assert response.status_code == 403
