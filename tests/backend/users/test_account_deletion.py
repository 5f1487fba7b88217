"""退会: DELETE /api/v1/auth/me through the real API and database (the rule:
backend/users/deletion.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from backend.audit.models import AuditEvent
from backend.core.database import Database
from support import PASSWORD, Api, export_file, post_proposal

ME = "/api/v1/auth/me"
WITHDRAWN = "退会した利用者"


async def leave(api: Api, password: str = PASSWORD) -> Any:
    return await api.request("DELETE", ME, json={"password": password})


async def test_a_wrong_password_deletes_nothing(resident: Api) -> None:
    response = await leave(resident, "not my password")
    assert response.status_code == 403
    assert "password is wrong" in response.json()["detail"]
    me = await resident.get(ME)
    assert me.status_code == 200 and me.json()["email"] == "hanako@example.jp"


async def test_deleting_needs_a_signed_in_session_and_the_csrf_token(
    anonymous: Api, resident: Api
) -> None:
    assert (await leave(anonymous)).status_code == 401
    no_csrf = await resident.client.request("DELETE", ME, json={"password": PASSWORD})
    assert no_csrf.status_code == 403
    assert (await resident.get(ME)).status_code == 200


async def test_after_deleting_every_session_of_the_account_is_signed_out(
    app: Any, resident: Api
) -> None:
    phone = Api(app)
    await phone.login("hanako@example.jp")
    token = resident.client.cookies["kyoso_session"]
    response = await leave(resident)
    assert response.status_code == 204, response.text
    assert (
        'kyoso_session=""' in response.headers["set-cookie"]
        or "kyoso_session=;" in response.headers["set-cookie"]
    )
    assert (await phone.get(ME)).status_code == 401
    replayed = Api(app, session_token=token)  # the old cookie, kept by a careless browser
    assert (await replayed.get(ME)).status_code == 401
    assert (await replayed.get("/api/v1/auth/me/data")).status_code == 401
    again = await anonymous_login(app, "hanako@example.jp", PASSWORD)
    assert again.status_code == 401


async def anonymous_login(app: Any, email: str, password: str) -> Any:
    return await Api(app).post("/api/v1/auth/login", json={"email": email, "password": password})


async def test_the_email_address_can_sign_up_again_as_a_new_account(
    app: Any, resident: Api
) -> None:
    old_id = (await resident.get(ME)).json()["id"]
    assert (await leave(resident)).status_code == 204
    newcomer = Api(app)
    signed_up = await newcomer.post(
        "/api/v1/auth/register",
        json={
            "email": "hanako@example.jp",
            "password": "a brand new password",
            "display_name": "はなこ",
            "accept_terms": True,
        },
    )
    assert signed_up.status_code == 202, signed_up.text
    await newcomer.login("hanako@example.jp", "a brand new password")
    me = (await newcomer.get(ME)).json()
    assert me["id"] != old_id and me["display_name"] == "はなこ"
    assert (await newcomer.get("/api/v1/auth/me/data")).json()["proposals"] == []


async def test_proposals_and_comments_stay_under_the_withdrawn_name_and_tallies_do_not_move(
    resident: Api, other_resident: Api, planner: Api, process_id: int
) -> None:
    mine = await post_proposal(resident, process_id, title="図書館の開館時間を延ばして")
    theirs = await post_proposal(other_resident, process_id, title="公園にベンチがほしい")
    for voter, proposal, value in (
        (resident, theirs, "agree"),
        (other_resident, mine, "agree"),
        (resident, mine, "agree"),
    ):
        assert (
            await voter.put(f"/api/v1/proposals/{proposal['id']}/vote", json={"value": value})
        ).status_code == 200
    assert (
        await resident.post(
            f"/api/v1/proposals/{theirs['id']}/comments", json={"body": "ベンチは木製がいいです。"}
        )
    ).status_code == 201
    listing = f"/api/v1/processes/{process_id}/proposals"
    before = {p["id"]: p["tally"] for p in (await planner.get(listing)).json()["items"]}
    stats_before = (await planner.get(f"/api/v1/processes/{process_id}/stats")).json()

    assert (await leave(resident)).status_code == 204

    for reader in (other_resident, planner):
        items = (await reader.get(listing)).json()["items"]
        assert {p["id"]: p["tally"] for p in items} == before
        shown = {p["id"]: p for p in items}[mine["id"]]
        assert shown["author"]["display_name"] == WITHDRAWN
        detail = (await reader.get(f"/api/v1/proposals/{mine['id']}")).json()
        assert detail["author"]["display_name"] == WITHDRAWN
        comments = (await reader.get(f"/api/v1/proposals/{theirs['id']}/comments")).json()
        assert [c["author"]["display_name"] for c in comments] == [WITHDRAWN]
        for url in (listing, f"/api/v1/proposals/{theirs['id']}/comments"):
            assert "hanako" not in (await reader.get(url)).text
    stats_after = (await planner.get(f"/api/v1/processes/{process_id}/stats")).json()
    for figure in ("participants", "proposals", "votes", "comments"):
        assert stats_after[figure] == stats_before[figure], figure


async def test_exports_name_nobody_after_a_deletion(
    resident: Api, planner: Api, process_id: int, worker: None
) -> None:
    await post_proposal(resident, process_id, title="図書館の開館時間を延ばして")
    assert (await leave(resident)).status_code == 204
    for name in ("opendata-json", "summary-md"):
        data, _ = await export_file(planner, process_id, name)
        text = data.decode()
        assert name != "opendata-json" or "図書館の開館時間を延ばして" in text  # it is still there
        assert "hanako" not in text and WITHDRAWN not in text


async def test_the_personal_fields_are_erased_and_the_audit_event_names_none_of_them(
    resident: Api, admin: Api, database: Database
) -> None:
    me = (await resident.get(ME)).json()
    assert (await leave(resident)).status_code == 204
    users = (await admin.get("/api/v1/admin/users")).json()["items"]
    emptied = next(u for u in users if u["id"] == me["id"])
    assert emptied["display_name"] == WITHDRAWN and emptied["deleted_at"]
    assert emptied["district_code"] is None and emptied["age_band"] is None
    assert "@" not in emptied["email"] and not emptied["is_active"]
    async with database.session(write=False) as session:
        event = (
            await session.execute(select(AuditEvent).where(AuditEvent.action == "user.deleted"))
        ).scalar_one()
    assert (event.actor_id, event.target_id, event.details) == (
        me["id"],
        str(me["id"]),
        {"role": "resident"},
    )
    again = await admin.patch(
        f"/api/v1/admin/users/{me['id']}", json={"role": "resident", "is_active": True}
    )
    assert again.status_code == 409


async def test_the_last_administrator_cannot_leave_but_one_of_two_can(
    admin: Api, make_api: Any
) -> None:
    refused = await leave(admin)
    assert refused.status_code == 409
    assert "only administrator" in refused.json()["detail"]
    assert (await admin.get(ME)).status_code == 200
    second = await make_api("admin2@example.jp", "admin", district=None, age_band=None)
    assert (await leave(admin)).status_code == 204
    assert (await leave(second)).status_code == 409


async def test_a_resident_who_has_not_accepted_new_terms_can_still_leave(
    resident: Api, admin: Api, process_id: int
) -> None:
    published = await admin.post(
        "/api/v1/admin/site/pages/terms", json={"body_ja": "# 利用規約\n新しい版", "body_en": ""}
    )
    assert published.status_code in (200, 201), published.text
    blocked = await resident.post(
        f"/api/v1/processes/{process_id}/proposals",
        json={"title": "題", "body": "本文です。", "district_code": "chuo"},
    )
    assert blocked.status_code == 403 and blocked.json()["consent_required"]
    assert (await leave(resident)).status_code == 204
