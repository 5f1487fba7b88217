"""パブコメ at every level, on SQLite and PostgreSQL: residents comment on goals, measures,
actions and KPIs of the published draft in the feedback phase; planners answer a comment with
one of the five statuses, and residents read the answer only once it is approved (決裁), in the
comment list and in the table of answers and its exports, never for a deactivated author."""

from __future__ import annotations

from typing import Any

from backend.core.database import Database
from support import (
    PASSWORD,
    Api,
    approved,
    export_file,
    generated_draft,
    make_process,
    set_phase,
    settle_kpis,
)


async def _published(database: Database, planner: Api, approver: Api) -> tuple[int, int, Any]:
    """A generated draft, its KPIs settled (version 2), approved and open for comments."""
    pid = await make_process(database, phase="draft")
    draft_id = await generated_draft(database, pid)
    content = settle_kpis((await planner.get(f"/api/v1/drafts/{draft_id}")).json()["content"])
    saved = await planner.put(
        f"/api/v1/drafts/{draft_id}", json={"base_version": 1, "content": content}
    )
    assert saved.status_code == 200, saved.text
    await approved(planner, approver, pid, "draft", draft_id, "2")
    await set_phase(database, pid, "feedback")
    return pid, draft_id, content


async def _comment(api: Api, draft_id: int, key: str, body: str) -> Any:
    return await api.post(f"/api/v1/drafts/{draft_id}/sections/{key}/comments", json={"body": body})


async def test_residents_comment_on_goals_measures_actions_and_kpis(
    database: Database, planner: Api, approver: Api, resident: Api, anonymous: Api
) -> None:
    pid, draft_id, content = await _published(database, planner, approver)
    measure = content["sections"][0]["measures"][0]
    assert measure["actions"] and measure["kpis"]  # the generator wrote both
    keys = ["g1", "g1-m1", "g1-m1-a1", "g1-m1-k1"]
    for key in keys:
        made = await _comment(resident, draft_id, key, f"{key}について意見です。")
        assert made.status_code == 201, (key, made.text)
        assert (made.json()["section_key"], made.json()["version_number"]) == (key, 2)

    unknown = await _comment(resident, draft_id, "g1-m1-k9", "ありますか？")
    assert unknown.status_code == 422
    assert unknown.headers["content-type"].startswith("application/problem+json")
    assert "'g1-m1-k9'" in unknown.json()["detail"] and "KPI" in unknown.json()["detail"]
    assert (await _comment(resident, draft_id, "g1-x1", "形が違う")).status_code == 422

    every = (await anonymous.get(f"/api/v1/drafts/{draft_id}/comments")).json()
    assert [c["section_key"] for c in every] == keys
    assert all(c["answer"] is None for c in every)
    on_kpi = (
        await anonymous.get(f"/api/v1/drafts/{draft_id}/comments", params={"section": "g1-m1-k1"})
    ).json()
    assert [c["body"] for c in on_kpi] == ["g1-m1-k1について意見です。"]

    # a later published version: earlier comments keep their key and their version
    content["sections"][0]["measures"][0]["title"] = "路線バスの充実"
    assert (
        await planner.put(
            f"/api/v1/drafts/{draft_id}", json={"base_version": 2, "content": content}
        )
    ).status_code == 200
    await approved(planner, approver, pid, "draft", draft_id, "3")
    later = await _comment(resident, draft_id, "g1-m1", "新しい版への意見")
    assert later.json()["version_number"] == 3
    on_measure = (
        await anonymous.get(f"/api/v1/drafts/{draft_id}/comments", params={"section": "g1-m1"})
    ).json()
    assert [c["version_number"] for c in on_measure] == [2, 3]

    await set_phase(database, pid, "closed")
    closed = await _comment(resident, draft_id, "g1-m1-a1", "まだ間に合いますか")
    assert closed.status_code == 409
    assert closed.json()["type"] == "/problems/phase-closed"


async def test_an_answer_to_a_comment_is_public_only_once_approved(
    database: Database,
    planner: Api,
    approver: Api,
    resident: Api,
    anonymous: Api,
    council: Api,
    admin: Api,
    worker: None,
) -> None:
    pid, draft_id, content = await _published(database, planner, approver)
    measure = content["sections"][0]["measures"][0]
    body = "090-1234-5678 バスを増便してください。朝の便が足りません。"
    comment = (await _comment(resident, draft_id, "g1-m1", body)).json()
    saved = await planner.put(
        f"/api/v1/processes/{pid}/responses",
        json={
            "comment_id": comment["id"],
            "status": "partly_reflected",
            "summary": "路線バスの増便を求める意見",
            "response": "朝夕の増便を事業者と協議します。",
        },
    )
    assert saved.status_code == 200, saved.text
    answer = saved.json()
    assert (answer["target_type"], answer["comment_id"], answer["proposal_id"]) == (
        "comment",
        comment["id"],
        None,
    )
    # the plan item and the opening of the comment, as written for staff
    assert answer["target_title"] == (
        f"施策1-1 {measure['title']}へのご意見：090-1234-5678 バスを増便し…"
    )

    async def public() -> tuple[list[Any], list[Any]]:
        table = (await anonymous.get(f"/api/v1/processes/{pid}/responses")).json()
        listed = (await anonymous.get(f"/api/v1/drafts/{draft_id}/comments")).json()
        return table["items"], [c["answer"] for c in listed]

    assert await public() == ([], [None])
    decided = await approved(planner, approver, pid, "response", answer["id"])
    assert decided["preview"]["comment_id"] == comment["id"]
    # the preview shows the title as residents will read it: contact details masked
    assert decided["preview"]["target_title"].startswith(
        f"施策1-1 {measure['title']}へのご意見：［電話番号］ バスを増便"
    )
    items, [shown] = await public()
    assert [(r["comment_id"], r["status_ja"]) for r in items] == [(comment["id"], "一部反映")]
    assert "へのご意見：［電話番号］ バスを増便してください" in items[0]["target_title"]
    assert shown["status_ja"] == "一部反映"
    assert shown["response"] == "朝夕の増便を事業者と協議します。"

    csv, _ = await export_file(council, pid, "public-comment-csv")
    assert f"施策1-1 {measure['title']}へのご意見" in csv.decode("utf-8-sig")

    me = (await resident.get("/api/v1/auth/me")).json()
    disabled = await admin.patch(
        f"/api/v1/admin/users/{me['id']}", json={"role": "resident", "is_active": False}
    )
    assert disabled.status_code == 200, disabled.text
    assert await public() == ([], [])  # a deactivated author's comment and its answer
    staff = (await planner.get(f"/api/v1/processes/{pid}/responses")).json()["items"]
    assert [r["comment_id"] for r in staff] == [comment["id"]]
    csv, _ = await export_file(council, pid, "public-comment-csv")
    assert "へのご意見" not in csv.decode("utf-8-sig")


async def test_a_deleted_account_s_comment_and_its_answer_stay_under_the_withdrawn_name(
    database: Database, planner: Api, approver: Api, resident: Api, anonymous: Api
) -> None:
    """退会 keeps what a resident said (docs/privacy.md): unlike a deactivated account's, the
    comment and the city's answer to it stay public, under 「退会した利用者」."""
    pid, draft_id, _ = await _published(database, planner, approver)
    comment = (await _comment(resident, draft_id, "g1-m1", "朝のバスを増便してください。")).json()
    answer = (
        await planner.put(
            f"/api/v1/processes/{pid}/responses",
            json={
                "comment_id": comment["id"],
                "status": "for_reference",
                "summary": "増便を求める意見",
                "response": "今後の参考とします。",
            },
        )
    ).json()
    await approved(planner, approver, pid, "response", answer["id"])
    left = await resident.request("DELETE", "/api/v1/auth/me", json={"password": PASSWORD})
    assert left.status_code == 204, left.text
    [shown] = (await anonymous.get(f"/api/v1/drafts/{draft_id}/comments")).json()
    assert (shown["author_display_name"], shown["body"]) == (
        "退会した利用者",
        "朝のバスを増便してください。",
    )
    assert shown["answer"]["response"] == "今後の参考とします。"
    table = (await anonymous.get(f"/api/v1/processes/{pid}/responses")).json()["items"]
    assert [r["comment_id"] for r in table] == [comment["id"]]


async def test_an_archived_process_takes_no_more_comments_on_its_draft(
    database: Database, planner: Api, approver: Api, resident: Api
) -> None:
    pid, draft_id, _ = await _published(database, planner, approver)
    archived = await planner.post(f"/api/v1/processes/{pid}/archive")
    assert archived.status_code in (200, 201), archived.text
    refused = await _comment(resident, draft_id, "g1", "まだ意見を出せますか。")
    assert refused.status_code == 409 and "archived" in refused.json()["detail"], refused.text


async def test_a_response_names_exactly_one_target_that_exists_here(
    database: Database, planner: Api, approver: Api, resident: Api
) -> None:
    pid, draft_id, _ = await _published(database, planner, approver)
    comment = (await _comment(resident, draft_id, "g1", "賛成です")).json()
    other = await make_process(database, slug="other")
    base = {"status": "for_reference", "summary": "意見", "response": "参考にします。"}
    cases = [
        ({}, "exactly one target"),
        ({"comment_id": comment["id"], "proposal_id": 1}, "exactly one target"),
        ({"comment_id": comment["id"], "run_id": 1}, "exactly one target"),
        ({"run_id": 1}, "theme_key"),
        ({"comment_id": comment["id"] + 1000}, f"Comment {comment['id'] + 1000}"),
    ]
    for target, message in cases:
        refused = await planner.put(f"/api/v1/processes/{pid}/responses", json={**base, **target})
        assert refused.status_code == 422, (target, refused.text)
        assert message in refused.json()["detail"], (target, refused.json())
    elsewhere = await planner.put(
        f"/api/v1/processes/{other}/responses", json={**base, "comment_id": comment["id"]}
    )
    assert elsewhere.status_code == 422
    assert "not a comment on a draft of this process" in elsewhere.json()["detail"]
