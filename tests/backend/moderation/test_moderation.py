"""Reports, the moderation queue, proxy entry, and the audit trail of staff actions."""

from __future__ import annotations

from support import Api, post_proposal


async def test_a_report_reaches_the_queue_and_hiding_resolves_it(
    resident: Api, other_resident: Api, planner: Api, admin: Api, process_id: int
) -> None:
    proposal = await post_proposal(resident, process_id, body="連絡先は 090-1234-5678 です")
    report = await other_resident.post(
        f"/api/v1/proposals/{proposal['id']}/reports",
        json={"reason": "personal_info", "note": "電話番号"},
    )
    assert report.status_code == 201
    duplicate = await other_resident.post(
        f"/api/v1/proposals/{proposal['id']}/reports", json={"reason": "personal_info"}
    )
    assert duplicate.status_code == 409
    queue = (await planner.get("/api/v1/moderation/reports")).json()["items"]
    assert [r["target_id"] for r in queue] == [proposal["id"]]
    assert "090-1234-5678" in queue[0]["target_excerpt"]

    hide = await planner.post(
        f"/api/v1/moderation/proposals/{proposal['id']}/hide",
        json={"reason": "電話番号が含まれるため"},
    )
    assert hide.status_code == 200 and hide.json()["status"] == "hidden"
    assert (await planner.get("/api/v1/moderation/reports")).json()["items"] == []
    # the author still sees it, with the reason; others do not
    own = (await resident.get(f"/api/v1/proposals/{proposal['id']}")).json()
    assert own["status"] == "hidden" and own["status_reason"] == "電話番号が含まれるため"
    assert (await other_resident.get(f"/api/v1/proposals/{proposal['id']}")).status_code == 404

    audit = (await admin.get("/api/v1/admin/audit-events")).json()["items"]
    assert audit[0]["action"] == "proposal.hidden"
    assert audit[0]["details"]["reason"] == "電話番号が含まれるため"


async def test_hidden_comments_are_withheld_and_uncounted(
    resident: Api, other_resident: Api, planner: Api, process_id: int
) -> None:
    proposal = await post_proposal(resident, process_id)
    url = f"/api/v1/proposals/{proposal['id']}/comments"
    comment = (await other_resident.post(url, json={"body": "ひどい言葉"})).json()
    await resident.post(f"/api/v1/comments/{comment['id']}/reports", json={"reason": "abuse"})
    await planner.post(
        f"/api/v1/moderation/comments/{comment['id']}/hide", json={"reason": "暴言のため"}
    )
    public = (await resident.get(url)).json()
    assert public[0]["status"] == "hidden" and "ひどい言葉" not in public[0]["body"]
    staff_view = (await planner.get(url)).json()
    assert staff_view[0]["body"] == "ひどい言葉"
    detail = (await resident.get(f"/api/v1/proposals/{proposal['id']}")).json()
    assert detail["comment_count"] == 0
    restored = await planner.post(
        f"/api/v1/moderation/comments/{comment['id']}/restore", json={"reason": "誤判定"}
    )
    assert restored.json()["status"] == "published"


async def test_proxy_entry_records_channel_and_staff_member(
    planner: Api, admin: Api, anonymous: Api, process_id: int
) -> None:
    response = await planner.post(
        f"/api/v1/processes/{process_id}/proxy-proposals",
        json={
            "title": "図書館の開館時間を延長してほしい",
            "body": "はがきで届いた意見です。",
            "district_code": "minami",
            "channel": "paper",
            "submitter_name": "山田",
            "submitter_age_band": "70_plus",
        },
    )
    assert response.status_code == 201, response.text
    entered = response.json()
    assert entered["channel"] == "paper" and entered["author"] is None
    assert entered["entered_by"]["display_name"] == "planner"
    public = (await anonymous.get(f"/api/v1/proposals/{entered['id']}")).json()
    assert public["entered_by"] is None and public["submitter_name"] is None
    online = await planner.post(
        f"/api/v1/processes/{process_id}/proxy-proposals",
        json={"title": "t", "body": "b", "district_code": "chuo", "channel": "online"},
    )
    assert online.status_code == 422
    audit = (await admin.get("/api/v1/admin/audit-events")).json()["items"]
    assert audit[0]["action"] == "proposal.proxy_entered"
    assert audit[0]["details"]["channel"] == "paper"
