"""Which account a provider account signs in: the linking rule of backend/oidc/services.py,
against the real provider."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update

from backend.core.database import Database, utcnow
from backend.users.models import User
from support import PASSWORD, Api
from support_oidc import Browser

EXISTING = "hanako@example.jp"


async def _confirm_address(database: Database, email: str) -> None:
    async with database.session(write=True) as session:
        await session.execute(
            update(User).where(User.email == email).values(email_confirmed_at=utcnow())
        )


async def test_a_trusted_verified_address_signs_in_the_account_that_confirmed_it(
    oidc_app: Any,
    database: Database,
    make_api: Any,
) -> None:
    resident: Api = await make_api(EXISTING)
    await _confirm_address(database, EXISTING)
    account = (await resident.get("/api/v1/auth/me")).json()
    browser = Browser(oidc_app)
    assert (await browser.sign_in("hanako", "city")).headers["location"] == "/"
    assert (await browser.me()).json()["id"] == account["id"]
    identities = (await browser.kyoso.get("/api/v1/auth/me/identities")).json()
    assert [i["provider"] for i in identities] == ["city"]


async def test_an_address_the_account_never_confirmed_is_not_linked(
    oidc_app: Any,
    make_api: Any,
) -> None:
    await make_api(EXISTING)  # signed up, the confirmation link never opened
    browser = Browser(oidc_app)
    back = await browser.sign_in("hanako", "city")
    assert back.headers["location"] == "/signin?oidc_error=email_in_use"
    assert (await browser.me()).status_code == 401


async def test_a_provider_not_trusted_with_addresses_links_nothing_by_address(
    oidc_app: Any,
    database: Database,
    make_api: Any,
) -> None:
    await make_api(EXISTING)
    await _confirm_address(database, EXISTING)
    browser = Browser(oidc_app)
    back = await browser.sign_in("hanako", "social")
    assert back.headers["location"] == "/signin?oidc_error=email_in_use"
    assert (await browser.me()).status_code == 401


async def test_an_unverified_address_is_not_used_and_takes_over_nothing(
    oidc_app: Any,
    database: Database,
    make_api: Any,
) -> None:
    owner: Api = await make_api(EXISTING)
    await _confirm_address(database, EXISTING)
    browser = Browser(oidc_app)
    assert (await browser.sign_in("mallory", "city")).headers["location"] == "/"
    me = (await browser.me()).json()
    assert me["id"] != (await owner.get("/api/v1/auth/me")).json()["id"]
    assert "@" not in me["email"] and me["email_confirmed_at"] is None


async def test_a_signed_in_resident_links_a_provider_and_then_signs_in_with_it(
    oidc_app: Any,
    make_api: Any,
) -> None:
    await make_api(EXISTING)
    browser = Browser(oidc_app)
    await browser.kyoso.login(EXISTING)
    started = await browser.kyoso.post("/api/v1/auth/oidc/social/link")
    assert started.status_code == 200, started.text
    callback = await browser.sign_in_at_provider(started.json()["authorization_url"], "noemail")
    back = await browser.back_at_kyoso(callback)
    assert back.headers["location"] == "/profile?oidc_linked=social"
    account = (await browser.me()).json()
    [linked] = (await browser.kyoso.get("/api/v1/auth/me/identities")).json()
    assert (linked["provider"], linked["name_en"]) == ("social", "Social")

    elsewhere = Browser(oidc_app)  # no password typed: the provider signs in the same account
    assert (await elsewhere.sign_in("noemail", "social")).headers["location"] == "/"
    assert (await elsewhere.me()).json()["id"] == account["id"]

    # the account has a password, so the provider may go; then it signs in a new account
    unlinked = await browser.kyoso.delete(f"/api/v1/auth/me/identities/{linked['id']}")
    assert unlinked.status_code == 204
    assert (await browser.kyoso.get("/api/v1/auth/me/identities")).json() == []


async def test_a_provider_account_linked_to_someone_else_is_not_linked_again(
    oidc_app: Any,
    make_api: Any,
) -> None:
    first = Browser(oidc_app)
    assert (await first.sign_in("noemail", "social")).headers["location"] == "/"
    await make_api(EXISTING)
    browser = Browser(oidc_app)
    await browser.kyoso.login(EXISTING)
    started = (await browser.kyoso.post("/api/v1/auth/oidc/social/link")).json()
    back = await browser.back_at_kyoso(
        await browser.sign_in_at_provider(started["authorization_url"], "noemail")
    )
    assert back.headers["location"] == "/profile?oidc_error=linked_elsewhere"


async def test_the_only_way_to_sign_in_cannot_be_unlinked(oidc_app: Any) -> None:
    browser = Browser(oidc_app)
    await browser.sign_in("noemail", "social")
    [linked] = (await browser.kyoso.get("/api/v1/auth/me/identities")).json()
    refused = await browser.kyoso.delete(f"/api/v1/auth/me/identities/{linked['id']}")
    assert refused.status_code == 409
    assert "唯一のログイン方法" in refused.json()["detail"]  # a new account reads Japanese
    someone = Browser(oidc_app)
    await someone.sign_in("alice", "city")
    other = await someone.kyoso.delete(f"/api/v1/auth/me/identities/{linked['id']}")
    assert other.status_code == 404


async def test_a_link_started_by_one_account_does_not_finish_in_another_session(
    oidc_app: Any,
    make_api: Any,
) -> None:
    await make_api(EXISTING)
    browser = Browser(oidc_app)
    await browser.kyoso.login(EXISTING)
    started = (await browser.kyoso.post("/api/v1/auth/oidc/social/link")).json()
    callback = await browser.sign_in_at_provider(started["authorization_url"], "noemail")
    await browser.kyoso.post("/api/v1/auth/logout")
    back = await browser.back_at_kyoso(callback)
    assert back.headers["location"] == "/profile?oidc_error=state"
    assert (await browser.me()).status_code == 401


async def test_a_disabled_account_does_not_sign_in_with_its_provider(
    oidc_app: Any,
    database: Database,
) -> None:
    browser = Browser(oidc_app)
    await browser.sign_in("alice", "city")
    async with database.session(write=True) as session:
        await session.execute(
            update(User).where(User.email == "alice@example.jp").values(is_active=False)
        )
    again = Browser(oidc_app)
    assert (await again.sign_in("alice", "city")).headers[
        "location"
    ] == "/signin?oidc_error=disabled"
    assert (await again.me()).status_code == 401


async def test_my_data_lists_linked_accounts_and_leaving_unlinks_them(
    oidc_app: Any,
    make_api: Any,
) -> None:
    await make_api(EXISTING)
    browser = Browser(oidc_app)
    await browser.kyoso.login(EXISTING)
    started = (await browser.kyoso.post("/api/v1/auth/oidc/social/link")).json()
    await browser.back_at_kyoso(
        await browser.sign_in_at_provider(started["authorization_url"], "noemail")
    )
    account_id = (await browser.me()).json()["id"]
    data = (await browser.kyoso.get("/api/v1/auth/me/data")).json()
    assert [(a["provider"], a["subject"]) for a in data["linked_accounts"]] == [
        ("social", "noemail")
    ]

    left = await browser.kyoso.delete("/api/v1/auth/me", json={"password": PASSWORD})
    assert left.status_code == 204
    after = Browser(oidc_app)  # the provider account no longer opens the emptied account
    assert (await after.sign_in("noemail", "social")).headers["location"] == "/"
    assert (await after.me()).json()["id"] != account_id
