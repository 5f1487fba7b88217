"""The audit log as administrators read it: names, actions in words, filters and the CSV."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update

from backend.audit.models import AuditEvent
from backend.core.database import Database
from backend.exports.dates import JST
from support import Api, post_proposal

EVENTS = "/api/v1/admin/audit-events"


async def _events(api: Api, **params: Any) -> Any:
    return await api.get(EVENTS, params=params)


async def _make_planner_of(admin: Api, person: Api) -> dict[str, Any]:
    me = (await person.get("/api/v1/auth/me")).json()
    changed = await admin.patch(f"/api/v1/admin/users/{me['id']}", json={"role": "planner"})
    assert changed.status_code == 200
    return dict(me)


async def test_an_event_names_its_actor_and_says_the_action_in_words(
    admin: Api, resident: Api
) -> None:
    await _make_planner_of(admin, resident)
    page = (await _events(admin)).json()
    event = page["items"][0]
    assert page["total"] == 1
    assert event["actor_name"] == "admin" and event["actor_role"] == "admin"
    assert event["action"] == "user.role_changed"
    assert event["action_label"] == "利用者の役割を変更"
    assert event["action_label_en"] == "Changed a user's role"
    assert event["target_label"] == "利用者"
    assert event["summary"] == "役割：住民 → 職員"
    assert event["summary_en"] == "Role: Resident → Planner"


async def test_filters_by_actor_action_object_and_japan_time_day(
    admin: Api, resident: Api, database: Database
) -> None:
    await _make_planner_of(admin, resident)
    await admin.post(
        "/api/v1/districts", json={"code": "higashi", "name_ja": "東部地区", "name_en": "Higashi"}
    )
    admin_id = (await admin.get("/api/v1/auth/me")).json()["id"]
    assert (await _events(admin, action="district.created")).json()["total"] == 1
    assert (await _events(admin, target_type="user")).json()["total"] == 1
    assert (await _events(admin, actor_id=admin_id)).json()["total"] == 2
    assert (await _events(admin, actor_id=admin_id + 999)).json()["total"] == 0
    # 23:30 on 1 April in Japan is still 1 April there, though it is 14:30 UTC
    late = datetime(2026, 4, 1, 23, 30, tzinfo=JST)
    async with database.session(write=True) as session:
        await session.execute(
            update(AuditEvent)
            .where(AuditEvent.action == "district.created")
            .values(created_at=late)
        )
    on_the_day = (await _events(admin, date_from="2026-04-01", date_to="2026-04-01")).json()
    assert [e["action"] for e in on_the_day["items"]] == ["district.created"]
    assert (await _events(admin, date_from="2026-04-02")).json()["total"] == 1  # the role
    assert (await _events(admin, date_to=str((late + timedelta(days=-1)).date()))).json()[
        "total"
    ] == 0
    swapped = await _events(admin, date_from="2026-04-02", date_to="2026-04-01")
    assert swapped.status_code == 422 and "swap" in swapped.json()["detail"]


async def test_the_csv_has_names_and_labels_and_runs_no_formula(
    admin: Api, resident: Api, process_id: int
) -> None:
    me = (await resident.get("/api/v1/auth/me")).json()
    renamed = await resident.patch("/api/v1/auth/me", json={"display_name": '=HYPERLINK("x")'})
    assert renamed.status_code == 200
    proposal = await post_proposal(resident, process_id)
    hidden = await admin.post(
        f"/api/v1/moderation/proposals/{proposal['id']}/hide", json={"reason": "=SUM(A1)"}
    )
    assert hidden.status_code == 200, hidden.text
    await admin.patch(f"/api/v1/admin/users/{me['id']}", json={"role": "planner"})
    await resident.login("hanako@example.jp")
    await resident.post("/api/v1/processes", json={"slug": "plan-b", "title_ja": "計画B"})
    response = await admin.get(f"{EVENTS}/export")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["日時（日本時間）", "操作者", "操作者の役割", "操作", "対象"]
    by_action = {row[7]: row for row in rows[1:]}
    assert by_action["user.role_changed"][1:5] == [
        "admin",
        "管理者",
        "利用者の役割を変更",
        "利用者",
    ]
    assert by_action["process.created"][1] == '\'=HYPERLINK("x")'  # the planner, neutralised
    assert by_action["process.created"][2] == "職員"
    assert by_action["proposal.hidden"][3:7] == [
        "提案を非表示",
        "提案",
        str(proposal["id"]),
        "理由：=SUM(A1)",
    ]
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    only_roles = await admin.get(f"{EVENTS}/export", params={"action": "user.role_changed"})
    assert len(list(csv.reader(io.StringIO(only_roles.content.decode("utf-8-sig"))))) == 2


async def test_the_catalogue_offers_every_action_with_its_label(admin: Api) -> None:
    catalogue = (await admin.get(f"{EVENTS}/catalogue")).json()
    actions = {a["value"]: a["label_ja"] for a in catalogue["actions"]}
    assert actions["approval.approved"] == "決裁を承認"
    assert actions["draft.published"] == "素案を公開"
    assert {"value": "user", "label_ja": "利用者", "label_en": "User"} in catalogue["target_types"]


async def test_only_administrators_read_the_audit_log(
    anonymous: Api, resident: Api, planner: Api, council: Api
) -> None:
    for path in (EVENTS, f"{EVENTS}/export", f"{EVENTS}/catalogue"):
        assert (await anonymous.get(path)).status_code == 401
        for person in (resident, planner, council):
            assert (await person.get(path)).status_code == 403
