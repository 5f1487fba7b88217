"""Address confirmation: sign-up sends a link; a process may take votes only from confirmed
addresses, and says so in a way a person can act on."""

from __future__ import annotations

from typing import Any

from backend.core.config import Settings
from backend.core.database import Database
from support import PASSWORD, Api, post_proposal, set_phase
from support_mail import Inbox, body_of, deliver, link_in, token_of


async def _sign_up(app: Any, email: str, language: str = "ja") -> Api:
    api = Api(app)
    answer = await api.post(
        "/api/v1/auth/register",
        json={
            "email": email,
            "password": PASSWORD,
            "display_name": "みどり",
            "language": language,
            "accept_terms": True,
        },
    )
    assert answer.status_code == 202, answer.text
    await api.login(email)
    return api


async def test_sign_up_sends_a_confirmation_link_that_confirms_the_address(
    app: Any, database: Database, mail_settings: Settings, inbox: Inbox
) -> None:
    api = await _sign_up(app, "midori@example.jp")
    assert (await api.get("/api/v1/auth/me")).json()["email_confirmed_at"] is None
    await deliver(database, mail_settings)
    [message] = inbox.to("midori@example.jp")
    assert message["Subject"] == "【Kyoso】メールアドレスの確認"
    assert "みどり 様" in body_of(message)

    token = token_of(link_in(message, "/confirm-email?token="))
    confirmed = await Api(app).post("/api/v1/auth/confirm-email", json={"token": token})
    assert confirmed.status_code == 200, confirmed.text
    assert (await api.get("/api/v1/auth/me")).json()["email_confirmed_at"] is not None
    again = await Api(app).post("/api/v1/auth/confirm-email", json={"token": token})
    assert again.status_code == 422


async def test_an_english_speaker_gets_the_english_e_mail(
    app: Any, database: Database, mail_settings: Settings, inbox: Inbox
) -> None:
    await _sign_up(app, "mary@example.jp", language="en")
    await deliver(database, mail_settings)
    [message] = inbox.to("mary@example.jp")
    assert message["Subject"] == "[Kyoso] Please confirm your e-mail address"


async def test_signing_up_again_with_a_taken_address_sends_nothing(
    app: Any, database: Database, mail_settings: Settings, inbox: Inbox, resident: Api
) -> None:
    answer = await Api(app).post(
        "/api/v1/auth/register",
        json={
            "email": "hanako@example.jp",
            "password": PASSWORD,
            "display_name": "x",
            "accept_terms": True,
        },
    )
    assert answer.status_code == 202
    await deliver(database, mail_settings)
    assert inbox.messages == []


async def test_a_process_can_require_a_confirmed_address_to_vote(
    app: Any,
    database: Database,
    mail_settings: Settings,
    inbox: Inbox,
    planner: Api,
    resident: Api,
    process_id: int,
) -> None:
    required = await planner.patch(
        f"/api/v1/processes/{process_id}", json={"min_level_to_vote": "email"}
    )
    assert required.status_code == 200, required.text
    assert required.json()["min_level_to_vote"] == "email"
    proposal = await post_proposal(resident, process_id)
    await set_phase(database, process_id, "voting")
    voter = await _sign_up(app, "midori@example.jp")
    vote = f"/api/v1/proposals/{proposal['id']}/vote"

    refused = await voter.put(vote, json={"value": "agree"})
    assert refused.status_code == 403
    assert refused.json()["type"].endswith("/email-not-confirmed")
    assert "メールアドレスの確認が必要です" in refused.json()["detail"]  # her setting: Japanese

    resent = await voter.post("/api/v1/auth/confirm-email/resend")
    assert resent.status_code == 202, resent.text
    await deliver(database, mail_settings)
    first, latest = inbox.to("midori@example.jp")
    stale = await Api(app).post(
        "/api/v1/auth/confirm-email", json={"token": token_of(link_in(first, "/confirm-email"))}
    )
    assert stale.status_code == 422  # asking again replaced the first link
    confirmed = await Api(app).post(
        "/api/v1/auth/confirm-email", json={"token": token_of(link_in(latest, "/confirm-email"))}
    )
    assert confirmed.status_code == 200
    assert (await voter.put(vote, json={"value": "agree"})).status_code == 200
    assert (await voter.post("/api/v1/auth/confirm-email/resend")).status_code == 409


async def test_without_the_setting_unconfirmed_accounts_vote(
    app: Any, database: Database, resident: Api, process_id: int
) -> None:
    proposal = await post_proposal(resident, process_id)
    await set_phase(database, process_id, "voting")
    voter = await _sign_up(app, "midori@example.jp")
    answer = await voter.put(f"/api/v1/proposals/{proposal['id']}/vote", json={"value": "agree"})
    assert answer.status_code == 200, answer.text
