"""User administration: invitations, reset links, search and filters, the last sign-in."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import update

from backend.core.database import Database, utcnow
from backend.core.security import token_digest
from backend.users.models import SetPasswordToken
from support import PASSWORD, Api, make_user

USERS = "/api/v1/admin/users"
ACCEPT = "/api/v1/auth/invitation/accept"
NEW_PASSWORD = "a brand new passphrase"


def _token(url: str) -> str:
    parts = urlsplit(url)
    assert parts.path.endswith("/set-password") and parts.fragment.startswith("token=")
    return parts.fragment.removeprefix("token=")


async def _invite(
    admin: Api, email: str = "sato@example.jp", role: str = "planner"
) -> dict[str, Any]:
    response = await admin.post(
        USERS, json={"email": email, "display_name": "佐藤 一郎", "role": role}
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


async def test_an_invited_person_chooses_a_password_once_and_signs_in_with_it(
    app: Any, admin: Api, database: Database
) -> None:
    invited = await _invite(admin)
    assert invited["user"]["role"] == "planner" and invited["user"]["password_set"] is False
    token = _token(invited["invitation_url"])
    # only the hash is stored
    async with database.session(write=False) as session:
        stored = await session.get(SetPasswordToken, token_digest(token))
        assert stored is not None and stored.purpose == "invitation"
    stranger = Api(app)
    assert (
        await stranger.post(
            "/api/v1/auth/login", json={"email": "sato@example.jp", "password": "!"}
        )
    ).status_code == 401
    accepted = await stranger.post(ACCEPT, json={"token": token, "password": NEW_PASSWORD})
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["email"] == "sato@example.jp"
    assert (await stranger.get("/api/v1/auth/me")).json()["role"] == "planner"
    again = await Api(app).post(ACCEPT, json={"token": token, "password": "another passphrase"})
    assert again.status_code == 422 and "not valid any more" in again.json()["detail"]
    await Api(app).login("sato@example.jp", NEW_PASSWORD)
    listed = (await admin.get(USERS, params={"q": "sato"})).json()["items"]
    assert listed[0]["password_set"] is True and listed[0]["last_sign_in_at"] is not None


async def test_an_expired_invitation_is_refused(app: Any, admin: Api, database: Database) -> None:
    token = _token((await _invite(admin))["invitation_url"])
    async with database.session(write=True) as session:
        await session.execute(
            update(SetPasswordToken).values(expires_at=utcnow() - timedelta(minutes=1))
        )
    refused = await Api(app).post(ACCEPT, json={"token": token, "password": NEW_PASSWORD})
    assert refused.status_code == 422
    assert "72 hours" in refused.json()["detail"]


async def test_a_new_reset_link_voids_the_one_before_and_the_old_password_ends_with_use(
    app: Any, admin: Api, resident: Api
) -> None:
    hanako = (await admin.get(USERS, params={"q": "hanako"})).json()["items"][0]
    first = await admin.post(f"{USERS}/{hanako['id']}/reset-link")
    assert first.status_code == 201, first.text
    second = (await admin.post(f"{USERS}/{hanako['id']}/reset-link")).json()
    old = await Api(app).post(
        ACCEPT, json={"token": _token(first.json()["url"]), "password": NEW_PASSWORD}
    )
    assert old.status_code == 422
    await Api(app).login("hanako@example.jp", PASSWORD)  # still works until a link is used
    used = await Api(app).post(
        ACCEPT, json={"token": _token(second["url"]), "password": NEW_PASSWORD}
    )
    assert used.status_code == 200
    assert (await resident.get("/api/v1/auth/me")).status_code == 401  # her sessions ended
    wrong = await Api(app).post(
        "/api/v1/auth/login", json={"email": "hanako@example.jp", "password": PASSWORD}
    )
    assert wrong.status_code == 401
    await Api(app).login("hanako@example.jp", NEW_PASSWORD)
    actions = [e["action"] for e in (await admin.get("/api/v1/admin/audit-events")).json()["items"]]
    assert actions[:3] == ["user.password_set", "user.reset_link_issued", "user.reset_link_issued"]


async def test_accepting_needs_the_terms_once_the_site_has_them(app: Any, admin: Api) -> None:
    published = await admin.post("/api/v1/admin/site/pages/terms", json={"body_ja": "# 規約"})
    assert published.status_code == 201
    token = _token((await _invite(admin, role="resident"))["invitation_url"])
    person = Api(app)
    refused = await person.post(ACCEPT, json={"token": token, "password": NEW_PASSWORD})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "accept_terms"
    accepted = await person.post(
        ACCEPT, json={"token": token, "password": NEW_PASSWORD, "accept_terms": True}
    )
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["terms_version"] == 1


async def test_an_address_with_an_account_is_not_invited_twice(admin: Api, resident: Api) -> None:
    again = await admin.post(USERS, json={"email": "Hanako@example.jp", "display_name": "x"})
    assert again.status_code == 409 and "reset link" in again.json()["detail"]


async def test_search_filters_and_sorts_by_last_sign_in(
    app: Any, admin: Api, database: Database
) -> None:
    await make_user(database, "tanaka_100%@example.jp")
    await make_user(database, "tanakax100@example.jp")
    await make_user(database, "council-1@example.jp", "council")
    await _invite(admin, "suzuki@example.jp", "resident")
    before = utcnow()
    await Api(app).login("tanakax100@example.jp")
    # LIKE wildcards are taken literally: "_100%" matches one address, not both
    page = (await admin.get(USERS, params={"q": "_100%"})).json()
    assert [u["email"] for u in page["items"]] == ["tanaka_100%@example.jp"]
    assert page["total"] == 1
    assert (await admin.get(USERS, params={"q": "TANAKA"})).json()["total"] == 2
    councils = (await admin.get(USERS, params={"role": "council"})).json()
    assert [u["email"] for u in councils["items"]] == ["council-1@example.jp"]
    invited = (await admin.get(USERS, params={"status": "invited"})).json()["items"]
    assert [u["email"] for u in invited] == ["suzuki@example.jp"]
    by_sign_in = (await admin.get(USERS, params={"sort": "last_sign_in"})).json()["items"]
    assert by_sign_in[0]["email"] == "tanakax100@example.jp"  # the latest sign-in first
    assert by_sign_in[0]["last_sign_in_at"] >= before.isoformat()[:19]
    assert by_sign_in[-1]["last_sign_in_at"] is None  # never signed in: last
    paged = (await admin.get(USERS, params={"limit": 2, "offset": 2})).json()
    assert len(paged["items"]) == 2 and paged["total"] == 5 and paged["offset"] == 2
    bad = await admin.get(USERS, params={"role": "mayor"})
    assert bad.status_code == 422


async def test_deleted_accounts_are_listed_as_deleted_and_get_no_link(
    app: Any, admin: Api, resident: Api
) -> None:
    me = (await resident.get("/api/v1/auth/me")).json()
    issued = (await admin.post(f"{USERS}/{me['id']}/reset-link")).json()
    assert (
        await resident.delete("/api/v1/auth/me", json={"password": PASSWORD})
    ).status_code == 204
    deleted = (await admin.get(USERS, params={"status": "deleted"})).json()["items"]
    assert [u["id"] for u in deleted] == [me["id"]] and deleted[0]["deleted_at"]
    assert me["id"] not in [
        u["id"] for u in (await admin.get(USERS, params={"status": "active"})).json()["items"]
    ]
    refused = await admin.post(f"{USERS}/{me['id']}/reset-link")
    assert refused.status_code == 409
    # the link issued before the account was deleted is void too
    late = await Api(app).post(
        ACCEPT, json={"token": _token(issued["url"]), "password": NEW_PASSWORD}
    )
    assert late.status_code == 422


async def test_only_admins_administer_users(
    anonymous: Api, resident: Api, planner: Api, admin: Api
) -> None:
    hanako = (await admin.get(USERS, params={"q": "hanako"})).json()["items"][0]
    for person, status in ((anonymous, 401), (resident, 403), (planner, 403)):
        assert (await person.get(USERS)).status_code == status
        assert (
            await person.post(USERS, json={"email": "x@example.jp", "display_name": "x"})
        ).status_code == status
        assert (await person.post(f"{USERS}/{hanako['id']}/reset-link")).status_code == status
