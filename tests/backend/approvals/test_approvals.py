"""Approval (決裁) before publishing, on both databases: nothing a planner saves is public
before a second staff member approves it; the submitter never approves their own; an approval
applies only to the content that was previewed; every step is in the audit log."""

from __future__ import annotations

from typing import Any

from corpus import CORPUS

from backend.core.database import Database
from support import Api, approved, post_proposal, set_phase, settle_kpis, wait_for_run


async def _submit(
    planner: Api, process_id: int, object_type: str, object_id: int, target: str = ""
) -> dict[str, Any]:
    shown = await planner.get(
        f"/api/v1/processes/{process_id}/approvals/preview",
        params={"object_type": object_type, "object_id": object_id, "target": target},
    )
    assert shown.status_code == 200, shown.text
    submitted = await planner.post(
        f"/api/v1/processes/{process_id}/approvals",
        json={
            "object_type": object_type,
            "object_id": object_id,
            "target": target,
            "payload_hash": shown.json()["payload_hash"],
        },
    )
    assert submitted.status_code == 201, submitted.text
    assert submitted.json()["preview"] == shown.json()["preview"]
    return submitted.json()


async def _audit(admin: Api) -> list[tuple[str, int | None, str, str]]:
    items = (await admin.get("/api/v1/admin/audit-events", params={"limit": 200})).json()["items"]
    return [(e["action"], e["actor_id"], e["target_type"], e["target_id"]) for e in items]


async def _me(api: Api) -> int:
    return int((await api.get("/api/v1/auth/me")).json()["id"])


async def test_a_phase_change_waits_for_a_second_account(
    planner: Api, approver: Api, admin: Api, anonymous: Api, process_id: int
) -> None:
    submission = await _submit(planner, process_id, "phase", process_id, "voting")
    assert submission["preview"]["to"] == "voting"
    assert submission["preview"]["allowed_actions"] == ["comment", "proxy_entry", "vote"]
    assert (await anonymous.get(f"/api/v1/processes/{process_id}")).json()["phase"] == "ideas"

    own = await planner.post(f"/api/v1/approvals/{submission['id']}/approve")
    assert own.status_code == 403
    assert own.headers["content-type"].startswith("application/problem+json")
    assert "another planner or an administrator" in own.json()["detail"]
    assert (await anonymous.get(f"/api/v1/processes/{process_id}")).json()["phase"] == "ideas"

    done = await approver.post(f"/api/v1/approvals/{submission['id']}/approve")
    assert done.status_code == 200 and done.json()["status"] == "approved"
    assert done.json()["decided_by"] == "kacho"
    assert (await anonymous.get(f"/api/v1/processes/{process_id}")).json()["phase"] == "voting"
    again = await approver.post(f"/api/v1/approvals/{submission['id']}/approve")
    assert again.status_code == 409

    planner_id, approver_id = await _me(planner), await _me(approver)
    assert (await _audit(admin))[:3] == [
        ("process.phase_changed", approver_id, "process", str(process_id)),
        ("approval.approved", approver_id, "process", str(process_id)),
        ("approval.submitted", planner_id, "process", str(process_id)),
    ]


async def test_a_response_is_public_only_as_approved(
    planner: Api, approver: Api, admin: Api, resident: Api, anonymous: Api, process_id: int
) -> None:
    proposal = await post_proposal(resident, process_id)
    body = {
        "proposal_id": proposal["id"],
        "status": "for_reference",
        "summary": "バスの増便を求める意見",
        "response": "（決裁前の案）検討中",
    }
    saved = await planner.put(f"/api/v1/processes/{process_id}/responses", json=body)
    assert saved.status_code == 200 and saved.json()["published_at"] is None
    response_id = saved.json()["id"]

    async def public() -> tuple[list[str], list[str]]:
        table = (await anonymous.get(f"/api/v1/processes/{process_id}/responses")).json()
        outcome = (await anonymous.get(f"/api/v1/proposals/{proposal['id']}/outcome")).json()
        return (
            [r["response"] for r in table["items"]],
            [r["response"] for r in outcome["responses"]],
        )

    assert await public() == ([], [])
    submission = await _submit(planner, process_id, "response", response_id)
    assert await public() == ([], [])

    # changed after it was submitted: the approval no longer applies
    body["response"] = "路線バスの増便を事業者と協議します。"
    await planner.put(f"/api/v1/processes/{process_id}/responses", json=body)
    pending = (await approver.get("/api/v1/approvals", params={"status": "submitted"})).json()
    assert [(a["id"], a["stale"]) for a in pending] == [(submission["id"], True)]
    stale = await approver.post(f"/api/v1/approvals/{submission['id']}/approve")
    assert stale.status_code == 409 and "submit" in stale.json()["detail"]
    assert await public() == ([], [])

    resubmitted = await _submit(planner, process_id, "response", response_id)
    assert resubmitted["preview"]["response"] == body["response"]
    listed = {a["id"]: a["status"] for a in (await approver.get("/api/v1/approvals")).json()}
    assert listed == {submission["id"]: "void", resubmitted["id"]: "submitted"}
    assert (
        await approver.post(f"/api/v1/approvals/{resubmitted['id']}/approve")
    ).status_code == 200
    shown = [body["response"]]
    assert await public() == (shown, shown)

    # a later edit stays internal until it is approved again
    body["response"] = "（修正中）"
    await planner.put(f"/api/v1/processes/{process_id}/responses", json=body)
    assert await public() == (shown, shown)
    staff_view = (await planner.get(f"/api/v1/processes/{process_id}/responses")).json()
    assert [r["response"] for r in staff_view["items"]] == ["（修正中）"]
    actions = [a for a, *_ in await _audit(admin)]
    assert actions[:4] == [
        "response.saved",
        "response.published",
        "approval.approved",
        "approval.submitted",
    ]


async def test_returning_with_a_comment_publishes_nothing(
    planner: Api, approver: Api, admin: Api, anonymous: Api, process_id: int
) -> None:
    submission = await _submit(planner, process_id, "phase", process_id, "closed")
    empty = await approver.post(
        f"/api/v1/approvals/{submission['id']}/return", json={"comment": ""}
    )
    assert empty.status_code == 422
    returned = await approver.post(
        f"/api/v1/approvals/{submission['id']}/return",
        json={"comment": "終了日を確認してください。"},
    )
    assert returned.status_code == 200
    assert returned.json()["status"] == "returned"
    assert returned.json()["comment"] == "終了日を確認してください。"
    assert (await approver.post(f"/api/v1/approvals/{submission['id']}/approve")).status_code == 409
    assert (await anonymous.get(f"/api/v1/processes/{process_id}")).json()["phase"] == "ideas"
    event = next(
        e
        for e in (await admin.get("/api/v1/admin/audit-events")).json()["items"]
        if e["action"] == "approval.returned"
    )
    assert event["details"]["comment"] == "終了日を確認してください。"


async def test_a_submission_must_match_the_preview_seen(
    planner: Api, process_id: int, resident: Api, anonymous: Api, database: Database
) -> None:
    shown = (
        await planner.get(
            f"/api/v1/processes/{process_id}/approvals/preview",
            params={"object_type": "phase", "object_id": process_id, "target": "voting"},
        )
    ).json()
    await set_phase(database, process_id, "themes")
    late = await planner.post(
        f"/api/v1/processes/{process_id}/approvals",
        json={
            "object_type": "phase",
            "object_id": process_id,
            "target": "voting",
            "payload_hash": shown["payload_hash"],
        },
    )
    assert late.status_code == 409 and "preview again" in late.json()["detail"]
    for who in (resident, anonymous):
        assert (await who.get("/api/v1/approvals")).status_code in (401, 403)


async def test_themes_and_a_draft_are_public_only_after_approval(
    planner: Api,
    approver: Api,
    admin: Api,
    resident: Api,
    anonymous: Api,
    process_id: int,
    worker: None,
) -> None:
    for title, body in CORPUS:
        await post_proposal(resident, process_id, title=title, body=body)
    started = await planner.post(
        f"/api/v1/processes/{process_id}/analysis-runs", json={"backend": "tfidf", "seed": 1}
    )
    run, _ = await wait_for_run(planner, started.json()["id"])
    assert run["status"] == "succeeded", run["error"]
    board = (await planner.get(f"/api/v1/analysis-runs/{run['id']}/themes")).json()
    key = board["themes"][0]["key"]
    await planner.post(
        f"/api/v1/analysis-runs/{run['id']}/theme-edits",
        json={"type": "rename", "theme_key": key, "title": "公共交通の充実"},
    )

    themes_url = f"/api/v1/processes/{process_id}/themes"
    submission = await _submit(planner, process_id, "themes", run["id"])
    assert "公共交通の充実" in [t["title"] for t in submission["preview"]["themes"]]
    assert (await anonymous.get(themes_url)).json()["themes"] == []
    assert (await planner.post(f"/api/v1/approvals/{submission['id']}/approve")).status_code == 403
    assert (await anonymous.get(themes_url)).json()["themes"] == []
    await approved(planner, approver, process_id, "themes", run["id"])
    public = (await anonymous.get(themes_url)).json()
    assert public["run_id"] == run["id"]
    assert [t["title"] for t in public["themes"]] == [
        t["title"] for t in submission["preview"]["themes"]
    ]

    draft = (
        await planner.post(
            f"/api/v1/processes/{process_id}/drafts", json={"run_id": run["id"], "title": "素案"}
        )
    ).json()
    draft_url = f"/api/v1/processes/{process_id}/draft"
    assert (await anonymous.get(draft_url)).status_code == 404
    await approved(planner, approver, process_id, "phase", process_id, "draft")
    settled = await planner.put(
        f"/api/v1/drafts/{draft['id']}",
        json={"base_version": 1, "content": settle_kpis(draft["content"])},
    )  # KPIs: values or 設定中
    assert settled.status_code == 200, settled.text
    submission = await _submit(planner, process_id, "draft", draft["id"], "2")
    assert submission["preview"]["content"]["title"] == "素案"
    assert (await anonymous.get(draft_url)).status_code == 404
    await approver.post(f"/api/v1/approvals/{submission['id']}/approve")
    public_draft = (await anonymous.get(draft_url)).json()
    assert public_draft["version"] == 2
    assert public_draft["content"] == submission["preview"]["content"]

    approver_id = await _me(approver)
    published = {
        a: (actor, t, i)
        for a, actor, t, i in await _audit(admin)
        if a in ("themes.published", "draft.published")
    }
    assert published == {
        "themes.published": (approver_id, "analysis_run", str(run["id"])),
        "draft.published": (approver_id, "draft", str(draft["id"])),
    }
