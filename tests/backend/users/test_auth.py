"""Registration, sign-in, sessions and CSRF through the real API."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from backend.core.security import hash_password, token_digest, verify_password
from support import PASSWORD, Api, make_user, session_tokens

SIGN_UP = "/api/v1/auth/register"


async def test_sign_up_creates_the_account_and_signing_in_with_it_opens_the_profile(
    anonymous: Api,
) -> None:
    response = await anonymous.post(
        SIGN_UP,
        json={
            "email": "Sakura@Example.JP",
            "password": PASSWORD,
            "display_name": "さくら",
            "district_code": "kita",
            "age_band": "20s",
        },
    )
    assert response.status_code == 202, response.text
    assert "kyoso_session" not in response.headers.get("set-cookie", "")
    assert (await anonymous.get("/api/v1/auth/me")).status_code == 401
    signed_in = await anonymous.login("sakura@example.jp")
    cookie = signed_in.headers["set-cookie"]
    assert "kyoso_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    me = (await anonymous.get("/api/v1/auth/me")).json()
    assert me["email"] == "sakura@example.jp"
    assert me["role"] == "resident" and me["district_code"] == "kita"
    assert "password_hash" not in me


async def test_sign_up_answers_alike_whether_or_not_the_address_has_an_account(
    app: Any, resident: Api
) -> None:
    """Sign-up must not tell anyone which addresses have an account: same status, same body,
    no session either way, and the existing account keeps its password."""
    answers = []
    for email in ("hanako@example.jp", "Hanako@Example.JP", "new-person@example.jp"):
        stranger = Api(app)
        answers.append(
            await stranger.post(
                SIGN_UP,
                json={"email": email, "password": "the stranger's password", "display_name": "h"},
            )
        )
    assert {(a.status_code, a.text) for a in answers} == {(202, answers[0].text)}
    assert all("kyoso_session" not in a.headers.get("set-cookie", "") for a in answers)
    stranger = Api(app)
    wrong = await stranger.post(
        "/api/v1/auth/login",
        json={"email": "hanako@example.jp", "password": "the stranger's password"},
    )
    assert wrong.status_code == 401
    assert wrong.json()["detail"] == "The e-mail address or password is wrong."
    await stranger.login("hanako@example.jp")  # the owner's password still works


async def test_registration_cannot_choose_a_role_or_use_a_weak_password(anonymous: Api) -> None:
    escalate = await anonymous.post(
        SIGN_UP,
        json={"email": "x@example.jp", "password": PASSWORD, "display_name": "x", "role": "admin"},
    )
    assert escalate.status_code == 422
    weak = await anonymous.post(
        SIGN_UP, json={"email": "y@example.jp", "password": "short", "display_name": "y"}
    )
    assert weak.status_code == 422 and weak.json()["errors"][0]["field"] == "password"


async def test_a_sign_in_with_an_overlong_email_is_a_clear_422_and_a_long_one_a_401(
    anonymous: Api,
) -> None:
    too_long = await anonymous.post(
        "/api/v1/auth/login",
        json={"email": "a" * 244 + "@example.jp", "password": "wrong password"},
    )
    assert too_long.status_code == 422
    assert too_long.json()["errors"][0]["field"] == "email"
    long = await anonymous.post(
        "/api/v1/auth/login",
        json={"email": "a" * 239 + "@example.jp", "password": "wrong password"},
    )
    assert long.status_code == 401, long.text


async def test_wrong_password_is_refused_without_saying_which_part(
    anonymous: Api, resident: Api
) -> None:
    for email in ("hanako@example.jp", "nobody@example.jp"):
        response = await anonymous.post(
            "/api/v1/auth/login", json={"email": email, "password": "wrong password"}
        )
        assert response.status_code == 401
        assert response.json()["detail"] == "The e-mail address or password is wrong."


async def test_signing_in_again_replaces_the_session_token(resident: Api) -> None:
    before = resident.client.cookies["kyoso_session"]
    await resident.login("hanako@example.jp")
    after = resident.client.cookies["kyoso_session"]
    assert before != after
    stale = Api(resident.app)
    stale.client.cookies.set("kyoso_session", before)
    assert (await stale.get("/api/v1/auth/me")).status_code == 401


async def test_logout_ends_the_session(resident: Api) -> None:
    token = resident.client.cookies["kyoso_session"]
    assert (await resident.post("/api/v1/auth/logout")).status_code == 204
    replay = Api(resident.app)
    replay.client.cookies.set("kyoso_session", token)
    assert (await replay.get("/api/v1/auth/me")).status_code == 401


async def test_unsafe_requests_need_the_csrf_header(resident: Api, process_id: int) -> None:
    response = await resident.client.post(
        f"/api/v1/processes/{process_id}/proposals",
        json={"title": "題名", "body": "本文", "district_code": "chuo"},
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    forged = await resident.client.post(
        f"/api/v1/processes/{process_id}/proposals",
        headers={"x-csrftoken": "forged"},
        json={"title": "題名", "body": "本文", "district_code": "chuo"},
    )
    assert forged.status_code == 403


async def test_profile_update_validates_the_district(resident: Api) -> None:
    ok = await resident.patch("/api/v1/auth/me", json={"district_code": "minami", "language": "en"})
    assert ok.status_code == 200 and ok.json()["district_code"] == "minami"
    bad = await resident.patch("/api/v1/auth/me", json={"district_code": "atlantis"})
    assert bad.status_code == 422
    assert (await resident.get("/api/v1/auth/me")).json()["district_code"] == "minami"


async def test_disabled_accounts_lose_their_sessions(admin: Api, resident: Api) -> None:
    users = (await admin.get("/api/v1/admin/users", params={"role": "resident"})).json()
    hanako = next(u for u in users["items"] if u["email"] == "hanako@example.jp")
    response = await admin.patch(
        f"/api/v1/admin/users/{hanako['id']}", json={"role": "resident", "is_active": False}
    )
    assert response.status_code == 200
    assert (await resident.get("/api/v1/auth/me")).status_code == 401
    audit = (await admin.get("/api/v1/admin/audit-events")).json()["items"]
    assert audit[0]["action"] == "user.role_changed"


async def test_health_ready_and_openapi(anonymous: Api, app: Any) -> None:
    assert (await anonymous.get("/health")).json() == {"status": "ok"}
    ready = await anonymous.get("/ready")
    assert ready.status_code == 200 and ready.json()["status"] == "ready"
    schema = (await anonymous.get("/api/docs/openapi.json")).json()
    assert "/api/v1/processes/{process_id}/proposals" in schema["paths"]
    assert (await anonymous.get("/api/docs")).status_code == 200
    assert (await anonymous.get("/health")).headers["x-content-type-options"] == "nosniff"


async def test_simultaneous_requests_each_see_their_own_session(app: Any, database: Any) -> None:
    """Session lookups made at the same moment share queries on PostgreSQL; each request must
    still get its own user, and a request with an unknown token none."""
    tokens = await session_tokens(database, 12, prefix="same-moment")
    clients = [Api(app, token) for token in [*tokens, "not-a-session", tokens[0]]]
    answers = await asyncio.gather(*(client.get("/api/v1/auth/me") for client in clients))
    names = [a.json()["display_name"] if a.status_code == 200 else a.status_code for a in answers]
    assert names == [f"same-moment{i}" for i in range(12)] + [401, "same-moment0"]
    lookup = app.state.session_lookup.batched
    if not database.settings.is_sqlite:
        assert 0 < lookup.batches < lookup.items  # lookups shared queries


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_a_session_lookup_the_database_refuses_fails_alone_in_its_batch(
    app: Any, database: Any
) -> None:
    """Lookups made at the same moment share one query on PostgreSQL; a digest the database
    cannot take (a NUL character) fails its own lookup, not the others'."""
    tokens = await session_tokens(database, 4, prefix="looked-up")
    lookup = app.state.session_lookup
    digests = [token_digest(token) for token in tokens]
    digests.insert(2, "bad\x00digest")
    rows = await asyncio.gather(
        *(lookup.user_row(digest) for digest in digests), return_exceptions=True
    )
    assert [row[2] if isinstance(row, tuple) else type(row).__name__ for row in rows] == [
        "looked-up0",
        "looked-up1",
        "CharacterNotInRepertoireError",
        "looked-up2",
        "looked-up3",
    ]


async def test_health_answers_at_once_while_passwords_are_being_checked(
    app: Any, database: Any
) -> None:
    """argon2 runs in worker threads: a verification (~0.3 s on the 2-core test machine) used
    to stop the event loop, and every other request of the process waited for it."""
    started = time.perf_counter()
    verify_password(hash_password(PASSWORD), PASSWORD)
    one_check = (time.perf_counter() - started) / 2
    await make_user(database, "busy@example.jp")
    signing_in = [Api(app) for _ in range(4)]
    for client in signing_in:
        await client.get("/api/v1/districts")  # the CSRF cookie
    logins = asyncio.gather(*(client.login("busy@example.jp") for client in signing_in))
    await asyncio.sleep(0.02)
    monitor, waits = Api(app), []
    while not logins.done():  # a health check every 10 ms: how late is each answer?
        sent = time.perf_counter()
        await asyncio.sleep(0.01)
        assert (await monitor.get("/health")).status_code == 200
        waits.append(time.perf_counter() - sent - 0.01)
    await logins
    assert len(waits) >= 3 and max(waits) < one_check / 2, (waits, one_check)
