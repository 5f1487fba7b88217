"""Signing in with a real OpenID Connect provider (node-oidc-provider, started by the tests):
the code flow with PKCE, state and nonce, end to end through the real app."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import msgspec
from sqlalchemy import select

from backend.app import close_database_clients, create_app
from backend.audit.models import AuditEvent
from backend.core.database import Database
from support import Api, make_user
from support_mail import free_port
from support_oidc import Browser, with_query

SIGNED_OUT_ERROR = "/signin?oidc_error="


async def test_the_sign_in_page_lists_the_configured_providers_with_their_buttons(
    oidc_app: Any,
) -> None:
    providers = (await Api(oidc_app).get("/api/v1/auth/providers")).json()
    assert [(p["id"], p["button_ja"], p["button_en"]) for p in providers] == [
        ("city", "みどり市IDでログイン", "Sign in with Midori City ID"),
        ("social", "ソーシャルでログイン", "Sign in with Social"),
    ]
    assert providers[0]["start_url"] == "/api/v1/auth/oidc/city/start"


async def test_the_start_redirects_with_state_nonce_and_a_pkce_challenge(
    oidc_app: Any,
    issuer: str,
) -> None:
    browser = Browser(oidc_app)
    url = await browser.start("city")
    query = parse_qs(urlsplit(url).query)
    assert url.startswith(issuer)
    assert query["client_id"] == ["kyoso-city"] and query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) == 43
    assert len(query["state"][0]) >= 32 and len(query["nonce"][0]) >= 32
    flow_cookie = browser.kyoso.client.cookies.jar
    assert any(c.name == "kyoso_oidc" and c.path == "/api/v1/auth/oidc" for c in flow_cookie)
    await browser.close()


async def test_a_new_resident_signs_in_and_the_next_sign_in_opens_the_same_account(
    oidc_app: Any,
    database: Database,
) -> None:
    browser = Browser(oidc_app)
    back = await browser.sign_in("alice")
    assert back.status_code == 303 and back.headers["location"] == "/"
    assert "kyoso_session=" in back.headers.get("set-cookie", "")
    me = (await browser.me()).json()
    # "city" is trusted with addresses: its verified address is the account's, confirmed
    assert (me["email"], me["display_name"], me["role"]) == (
        "alice@example.jp",
        "山田 有紗",
        "resident",
    )
    # no password, yet not an invitation waiting (the admin's list shows it as active)
    assert me["email_confirmed_at"] is not None and me["password_set"] is True
    # a session like the password sign-in's: a write with the new CSRF token works
    assert (
        await browser.kyoso.patch("/api/v1/auth/me", json={"language": "en"})
    ).status_code == 200

    again = Browser(oidc_app)
    assert (await again.sign_in("alice")).headers["location"] == "/"
    assert (await again.me()).json()["id"] == me["id"]
    identities = (await again.kyoso.get("/api/v1/auth/me/identities")).json()
    assert [(i["provider"], i["name_ja"]) for i in identities] == [("city", "みどり市ID")]
    async with database.session(write=False) as session:
        actions = (
            (
                await session.execute(
                    select(AuditEvent.action).where(AuditEvent.target_id == str(me["id"]))
                )
            )
            .scalars()
            .all()
        )
    assert actions == ["user.signed_up_with_provider"]
    await browser.close()
    await again.close()


async def test_the_sign_in_returns_to_the_page_it_started_from_but_never_to_another_site(
    oidc_app: Any,
) -> None:
    browser = Browser(oidc_app)
    callback = await browser.sign_in_at_provider(
        await browser.start("city", return_to="/processes/3"), "alice"
    )
    assert (await browser.back_at_kyoso(callback)).headers["location"] == "/processes/3"
    evil = Browser(oidc_app)
    callback = await evil.sign_in_at_provider(
        await evil.start("city", return_to="//evil.example/x"), "alice"
    )
    assert (await evil.back_at_kyoso(callback)).headers["location"] == "/"


async def test_a_tampered_state_is_refused_and_signs_nobody_in(oidc_app: Any) -> None:
    browser = Browser(oidc_app)
    callback = await browser.sign_in_at_provider(await browser.start(), "alice")
    tampered = with_query(callback, state="attacker-chosen-state")
    back = await browser.back_at_kyoso(tampered)
    assert back.status_code == 303
    assert back.headers["location"] == SIGNED_OUT_ERROR + "state"
    assert "kyoso_session=" not in back.headers.get("set-cookie", "")
    assert (await browser.me()).status_code == 401


async def test_a_callback_in_a_browser_that_did_not_start_the_sign_in_is_refused(
    oidc_app: Any,
) -> None:
    """Login CSRF: an attacker's own code and state, opened in the victim's browser."""
    attacker = Browser(oidc_app)
    callback = await attacker.sign_in_at_provider(await attacker.start(), "alice")
    victim = Browser(oidc_app)
    back = await victim.back_at_kyoso(callback)
    assert back.headers["location"] == SIGNED_OUT_ERROR + "state"
    assert (await victim.me()).status_code == 401


async def test_a_tampered_nonce_is_refused_and_signs_nobody_in(oidc_app: Any) -> None:
    """The provider signs an ID token for the nonce it was sent; when that is not the nonce
    this browser's sign-in began with (an altered request, a replayed token), it is refused."""
    browser = Browser(oidc_app)
    authorization_url = with_query(await browser.start(), nonce="attacker-chosen-nonce")
    back = await browser.back_at_kyoso(
        await browser.sign_in_at_provider(authorization_url, "alice")
    )
    assert back.headers["location"] == SIGNED_OUT_ERROR + "refused"
    assert "kyoso_session=" not in back.headers.get("set-cookie", "")
    assert (await browser.me()).status_code == 401


async def test_a_code_issued_to_another_client_is_refused(oidc_app: Any) -> None:
    """A code (and so an ID token) meant for another application of the same provider does not
    sign in to Kyoso: the provider refuses to exchange it for Kyoso's client."""
    browser = Browser(oidc_app)
    authorization_url = with_query(await browser.start(), client_id="other-app")
    back = await browser.back_at_kyoso(
        await browser.sign_in_at_provider(authorization_url, "alice")
    )
    assert back.headers["location"] == SIGNED_OUT_ERROR + "refused"
    assert (await browser.me()).status_code == 401


async def test_a_code_cannot_be_used_twice(oidc_app: Any) -> None:
    browser = Browser(oidc_app)
    callback = await browser.sign_in_at_provider(await browser.start(), "alice")
    cookies = dict(browser.kyoso.client.cookies)
    assert (await browser.back_at_kyoso(callback)).headers["location"] == "/"
    replay = Browser(oidc_app)
    for name, value in cookies.items():
        replay.kyoso.client.cookies.set(
            name, value, path="/api/v1/auth/oidc" if name == "kyoso_oidc" else "/"
        )
    back = await replay.back_at_kyoso(callback)
    assert back.headers["location"] == SIGNED_OUT_ERROR + "refused"


async def test_a_provider_error_or_a_cancelled_sign_in_signs_nobody_in(oidc_app: Any) -> None:
    browser = Browser(oidc_app)
    url = await browser.start()
    state = parse_qs(urlsplit(url).query)["state"][0]
    back = await browser.kyoso.get(
        "/api/v1/auth/oidc/city/callback", params={"error": "access_denied", "state": state}
    )
    assert back.headers["location"] == SIGNED_OUT_ERROR + "denied"
    assert (await browser.me()).status_code == 401
    unknown = await browser.kyoso.get("/api/v1/auth/oidc/nowhere/start")
    assert unknown.status_code == 404


async def test_a_provider_out_of_reach_sends_the_browser_back_with_a_reason(
    database: Database,
    tmp_path: Any,
) -> None:
    """The providers file names a provider nobody answers for: the button leads back to the
    sign-in page (「ログイン先に接続できませんでした」), and linking answers 503."""
    config = tmp_path / "down.toml"
    config.write_text(
        '[[provider]]\nid = "down"\nname_ja = "停止中"\nname_en = "Down"\n'
        f'issuer = "http://127.0.0.1:{free_port()}"\nclient_id = "kyoso"\n'
    )
    app = create_app(
        msgspec.structs.replace(database.settings, rate_limits=False, oidc_providers=str(config)),
        database=database,
    )
    try:
        browser = Api(app)
        start = await browser.get("/api/v1/auth/oidc/down/start")
        assert (start.status_code, start.headers["location"]) == (
            303,
            SIGNED_OUT_ERROR + "unavailable",
        )
        await make_user(database, "hanako@example.jp")
        await browser.login("hanako@example.jp")
        link = await browser.post("/api/v1/auth/oidc/down/link")
        assert link.status_code == 503 and "cannot be reached" in link.json()["detail"]
    finally:
        await close_database_clients(app)
