"""Notification e-mails: the city's answer to my proposal, a reply to my comment, the draft
opening for comments; each with one-click unsubscribe (RFC 8058), each switchable, or all in
one daily digest."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select

from backend.core.config import Settings
from backend.core.database import Database
from backend.mail.models import OutboundMail
from backend.notifications.mailing import digest_cutoff
from backend.notifications.models import Notice
from support import (
    PASSWORD,
    Api,
    approved,
    generated_draft,
    post_proposal,
    set_phase,
    settle_kpis,
)
from support_mail import PUBLIC_URL, Inbox, body_of, deliver, link_in

PREFERENCES = "/api/v1/auth/me/notifications"


async def _answer_published(planner: Api, approver: Api, process_id: int, proposal_id: int) -> None:
    saved = await planner.put(
        f"/api/v1/processes/{process_id}/responses",
        json={
            "proposal_id": proposal_id,
            "status": "for_reference",
            "summary": "バスの増便",
            "response": "路線バスの増便を事業者と協議します。",
        },
    )
    assert saved.status_code == 200, saved.text
    await approved(planner, approver, process_id, "response", saved.json()["id"])


async def _reply(author: Api, replier: Api, proposal_id: int) -> None:
    url = f"/api/v1/proposals/{proposal_id}/comments"
    comment = await author.post(url, json={"body": "私も同じ意見です。"})
    assert comment.status_code == 201, comment.text
    reply = await replier.post(url, json={"body": "賛成です。", "parent_id": comment.json()["id"]})
    assert reply.status_code == 201, reply.text


async def test_each_kind_of_notice_arrives_with_a_working_link(
    app: Any,
    database: Database,
    mail_settings: Settings,
    inbox: Inbox,
    resident: Api,
    other_resident: Api,
    planner: Api,
    approver: Api,
    process_id: int,
) -> None:
    proposal = await post_proposal(resident, process_id)
    await _answer_published(planner, approver, process_id, proposal["id"])
    await _reply(resident, other_resident, proposal["id"])
    await approved(planner, approver, process_id, "phase", process_id, "feedback")
    assert inbox.messages == []  # nothing was sent inside a request

    await deliver(database, mail_settings)
    subjects = sorted(m["Subject"] for m in inbox.to("hanako@example.jp"))
    assert subjects == sorted(
        [
            "【Kyoso】あなたの提案に市からの回答が公開されました",
            "【Kyoso】あなたのコメントに返信がありました",
            "【Kyoso】計画の素案への意見募集が始まりました",
        ]
    )
    assert inbox.to("taro@example.jp") == []  # their own reply notifies nobody else
    for message in inbox.to("hanako@example.jp"):
        assert "路線バスの本数を増やしてほしい" in body_of(
            message
        ) or "まちの未来ビジョン" in body_of(message)
        path = urlsplit(link_in(message, "/p")).path
        assert path in (f"/proposals/{proposal['id']}", f"/processes/{process_id}")
        api_path = path.replace("/proposals/", "/api/v1/proposals/").replace(
            "/processes/", "/api/v1/processes/"
        )
        assert (await Api(app).get(api_path)).status_code == 200
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message["List-Unsubscribe"].startswith(
            f"<{PUBLIC_URL}/api/v1/notifications/unsubscribe?token="
        )


async def test_one_click_unsubscribe_stops_every_notification(
    app: Any,
    database: Database,
    mail_settings: Settings,
    inbox: Inbox,
    resident: Api,
    other_resident: Api,
    process_id: int,
) -> None:
    proposal = await post_proposal(resident, process_id)
    await _reply(resident, other_resident, proposal["id"])
    await deliver(database, mail_settings)
    [message] = inbox.to("hanako@example.jp")
    url = message["List-Unsubscribe"].strip("<>").removeprefix(PUBLIC_URL)

    # what a mail program does (RFC 8058): a POST without cookies or a CSRF token
    mail_program = Api(app)
    forged = await mail_program.client.post(url + "x", data={"List-Unsubscribe": "One-Click"})
    assert forged.status_code == 422
    done = await mail_program.client.post(url, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200, done.text
    assert (await resident.get(PREFERENCES)).json() == {
        "answers": False,
        "replies": False,
        "drafts": False,
        "daily_digest": False,
    }
    opened = await Api(app).client.get(url)  # opened in a browser: the SPA's page confirms
    assert opened.status_code == 303
    assert opened.headers["location"].startswith("/unsubscribe?token=")

    await _reply(resident, other_resident, proposal["id"])
    await deliver(database, mail_settings)
    assert len(inbox.to("hanako@example.jp")) == 1


async def test_a_kind_switched_off_is_not_mailed(
    app: Any,
    database: Database,
    mail_settings: Settings,
    inbox: Inbox,
    resident: Api,
    other_resident: Api,
    process_id: int,
) -> None:
    assert (await resident.get(PREFERENCES)).json() == {
        "answers": True,
        "replies": True,
        "drafts": True,
        "daily_digest": False,
    }
    saved = await resident.put(
        PREFERENCES, json={"answers": True, "replies": False, "drafts": True, "daily_digest": False}
    )
    assert saved.status_code == 200, saved.text
    proposal = await post_proposal(resident, process_id)
    await _reply(resident, other_resident, proposal["id"])
    await set_phase(database, process_id, "draft")
    await deliver(database, mail_settings)
    assert inbox.messages == []
    assert (await Api(app).get(PREFERENCES)).status_code == 401


async def test_the_daily_digest_gathers_the_day_in_one_e_mail_at_seven(
    app: Any,
    database: Database,
    mail_settings: Settings,
    inbox: Inbox,
    resident: Api,
    other_resident: Api,
    planner: Api,
    approver: Api,
    process_id: int,
) -> None:
    await resident.put(
        PREFERENCES, json={"answers": True, "replies": True, "drafts": True, "daily_digest": True}
    )
    proposal = await post_proposal(resident, process_id)
    await _reply(resident, other_resident, proposal["id"])
    await approved(planner, approver, process_id, "phase", process_id, "feedback")
    now = datetime.now(UTC)
    await deliver(database, mail_settings, now)
    assert inbox.messages == []  # held for the digest

    next_morning = digest_cutoff(now) + timedelta(days=1, minutes=5)  # 07:05 JST
    await deliver(database, mail_settings, next_morning)
    [digest] = inbox.to("hanako@example.jp")
    assert digest["Subject"] == "【Kyoso】本日のお知らせ（2件）"
    assert "あなたのコメントに返信がありました" in body_of(digest)
    assert "計画の素案への意見募集が始まりました" in body_of(digest)
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    await deliver(database, mail_settings, next_morning + timedelta(hours=1))
    assert len(inbox.messages) == 1  # each notice is in one digest only


async def test_my_data_holds_my_notices_and_leaving_forgets_my_mail(
    app: Any,
    database: Database,
    mail_settings: Settings,
    inbox: Inbox,
    resident: Api,
    other_resident: Api,
    process_id: int,
) -> None:
    await resident.put(
        PREFERENCES, json={"answers": True, "replies": True, "drafts": False, "daily_digest": True}
    )
    proposal = await post_proposal(resident, process_id)
    await _reply(resident, other_resident, proposal["id"])
    await Api(app).post("/api/v1/auth/password-reset", json={"email": "hanako@example.jp"})
    mine = (await resident.get("/api/v1/auth/me/data")).json()
    assert mine["notification_settings"]["daily_digest"] is True
    assert [(n["kind"], n["link"]) for n in mine["notices"]] == [
        ("comment_reply", f"/proposals/{proposal['id']}")
    ]

    left = await resident.delete("/api/v1/auth/me", json={"password": PASSWORD})
    assert left.status_code == 204, left.text
    async with database.session(write=False) as session:
        assert (await session.execute(select(OutboundMail.recipient))).scalars().all() == []
        assert (await session.execute(select(Notice.id))).scalars().all() == []
    await deliver(database, mail_settings, datetime.now(UTC) + timedelta(days=2))
    assert inbox.messages == []


async def test_publishing_the_plan_tells_those_who_proposed(
    app: Any,
    database: Database,
    mail_settings: Settings,
    inbox: Inbox,
    resident: Api,
    planner: Api,
    approver: Api,
    process_id: int,
) -> None:
    await post_proposal(resident, process_id)
    await set_phase(database, process_id, "draft")
    draft_id = await generated_draft(database, process_id)
    draft = (await planner.get(f"/api/v1/drafts/{draft_id}")).json()
    edited = await planner.put(
        f"/api/v1/drafts/{draft_id}",
        json={"base_version": 1, "content": settle_kpis(draft["content"])},
    )
    assert edited.status_code == 200, edited.text
    await approved(planner, approver, process_id, "draft", draft_id, "2")
    await deliver(database, mail_settings)
    [message] = inbox.to("hanako@example.jp")
    assert message["Subject"] == "【Kyoso】提案をもとにした計画の素案が公開されました"
    assert link_in(message, "/processes/") == f"{PUBLIC_URL}/processes/{process_id}"


async def test_answers_and_the_plan_reach_residents_but_not_paper_submissions(
    app: Any,
    database: Database,
    mail_settings: Settings,
    inbox: Inbox,
    resident: Api,
    planner: Api,
    approver: Api,
    process_id: int,
) -> None:
    """A paper, meeting or phone submission has no account: publishing an answer to it, or the
    plan its process fed, used to fail with a 500 (a notice for nobody)."""
    await post_proposal(resident, process_id)
    paper = await planner.post(
        f"/api/v1/processes/{process_id}/proxy-proposals",
        json={
            "title": "紙で届いた意見",
            "body": "駅前に屋根付きの駐輪場を増やしてください。",
            "channel": "paper",
        },
    )
    assert paper.status_code == 201, paper.text
    await _answer_published(planner, approver, process_id, paper.json()["id"])
    await set_phase(database, process_id, "draft")
    draft_id = await generated_draft(database, process_id)
    draft = (await planner.get(f"/api/v1/drafts/{draft_id}")).json()
    edited = await planner.put(
        f"/api/v1/drafts/{draft_id}",
        json={"base_version": 1, "content": settle_kpis(draft["content"])},
    )
    assert edited.status_code == 200, edited.text
    await approved(planner, approver, process_id, "draft", draft_id, "2")
    async with database.session(write=False) as session:
        owners = set((await session.execute(select(Notice.user_id))).scalars())
    assert None not in owners and len(owners) == 1  # the resident who proposed online
    await deliver(database, mail_settings)
    assert [m["Subject"] for m in inbox.to("hanako@example.jp")] == [
        "【Kyoso】提案をもとにした計画の素案が公開されました"
    ]
