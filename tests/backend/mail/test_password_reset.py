"""Password reset by e-mail: the link arrives through SMTP, works once and for an hour, and
the request never says whether an address has an account."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import msgspec
from sqlalchemy import func, select, update

from backend.app import close_database_clients, create_app
from backend.core.config import Settings
from backend.core.database import Database, utcnow
from backend.mail.models import EmailToken, OutboundMail
from support import PASSWORD, Api, make_user
from support_mail import PUBLIC_URL, Inbox, deliver, link_in, token_of

RESET = "/api/v1/auth/password-reset"
NEW_PASSWORD = "a brand new passphrase"


async def _sign_in(app: Any, email: str, password: str) -> int:
    answer = await Api(app).post("/api/v1/auth/login", json={"email": email, "password": password})
    return answer.status_code


async def _queued(database: Database) -> int:
    async with database.session(write=False) as session:
        return int(
            (
                await session.execute(
                    select(func.count())
                    .select_from(OutboundMail)
                    .where(OutboundMail.status == "queued")
                )
            ).scalar_one()
        )


async def test_the_reset_link_arrives_by_smtp_and_sets_a_new_password_once(
    app: Any, database: Database, mail_settings: Settings, inbox: Inbox, resident: Api
) -> None:
    asked = await Api(app).post(RESET, json={"email": "Hanako@Example.jp"})
    assert asked.status_code == 202, asked.text
    assert inbox.messages == [] and await _queued(database) == 1  # the request sent nothing

    assert await deliver(database, mail_settings) == 1
    [message] = inbox.to("hanako@example.jp")
    assert message["Subject"] == "【Kyoso】パスワードの再設定"
    assert message["From"] == "Kyoso <no-reply@kyoso.example.jp>"
    link = link_in(message, "/reset-password?token=")
    assert link.startswith(f"{PUBLIC_URL}/reset-password?token=")

    token = token_of(link)
    done = await Api(app).post(f"{RESET}/confirm", json={"token": token, "password": NEW_PASSWORD})
    assert done.status_code == 204, done.text
    assert (await resident.get("/api/v1/auth/me")).status_code == 401  # sessions ended
    assert await _sign_in(app, "hanako@example.jp", PASSWORD) == 401
    assert await _sign_in(app, "hanako@example.jp", NEW_PASSWORD) == 200

    again = await Api(app).post(
        f"{RESET}/confirm", json={"token": token, "password": "yet another one!"}
    )
    assert again.status_code == 422 and "Ask for a new one" in again.json()["detail"]


async def test_an_unknown_address_gets_the_same_answer_and_no_mail(
    app: Any, database: Database, mail_settings: Settings, inbox: Inbox, resident: Api
) -> None:
    known = await Api(app).post(RESET, json={"email": "hanako@example.jp"})
    unknown = await Api(app).post(RESET, json={"email": "nobody@example.jp"})
    assert (
        (unknown.status_code, unknown.json())
        == (known.status_code, known.json())
        == (202, known.json())
    )
    await deliver(database, mail_settings)
    assert [m["To"] for m in inbox.messages] == ["hanako@example.jp"]


async def test_a_reset_link_expires_after_an_hour(
    app: Any, database: Database, mail_settings: Settings, inbox: Inbox, resident: Api
) -> None:
    await Api(app).post(RESET, json={"email": "hanako@example.jp"})
    await deliver(database, mail_settings)
    token = token_of(link_in(inbox.messages[0], "/reset-password"))
    async with database.session(write=True) as session:
        [(created, expires)] = (
            await session.execute(select(EmailToken.created_at, EmailToken.expires_at))
        ).all()
        await session.execute(update(EmailToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    assert abs(expires - created - timedelta(hours=1)) < timedelta(seconds=5)
    late = await Api(app).post(f"{RESET}/confirm", json={"token": token, "password": NEW_PASSWORD})
    assert late.status_code == 422
    assert await _sign_in(app, "hanako@example.jp", PASSWORD) == 200


async def test_the_new_password_follows_the_sign_up_rules(
    app: Any, database: Database, mail_settings: Settings, inbox: Inbox, resident: Api
) -> None:
    await Api(app).post(RESET, json={"email": "hanako@example.jp"})
    await deliver(database, mail_settings)
    token = token_of(link_in(inbox.messages[0], "/reset-password"))
    short = await Api(app).post(f"{RESET}/confirm", json={"token": token, "password": "short"})
    assert short.status_code in (400, 422)
    assert (
        await Api(app).post(f"{RESET}/confirm", json={"token": token, "password": NEW_PASSWORD})
    ).status_code == 204


async def test_reset_requests_are_rate_limited_per_address_asked_for(
    database: Database, mail_settings: Settings
) -> None:
    app = create_app(msgspec.structs.replace(mail_settings, rate_limits=True), database=database)
    try:
        await make_user(database, "hanako@example.jp", language="ja")
        answers = [
            (await Api(app).post(RESET, json={"email": "hanako@example.jp"})).status_code
            for _ in range(4)
        ]
        assert answers == [202, 202, 202, 429]
        # the limit is on the address asked for, whether or not it has an account
        answers = [
            (await Api(app).post(RESET, json={"email": "ghost@example.jp"})).status_code
            for _ in range(4)
        ]
        assert answers == [202, 202, 202, 429]
        assert await _queued(database) == 3
    finally:
        await close_database_clients(app)
