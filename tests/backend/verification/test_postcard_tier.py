"""A process that needs the postcard tier: an unverified resident is refused with a message
that says what to do, staff print postcards with single-use codes, and the code lets the
resident vote."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import msgspec
from exports.outputs import pdf_text, squeeze
from sqlalchemy import update

from backend.app import close_database_clients, create_app
from backend.core.database import Database, utcnow
from backend.verification.models import PostcardCode
from support import Api, make_user, post_proposal, set_phase

ADDRESSES = [
    {
        "name": "緑川 みどり",
        "postal_code": "123-4567",
        "address": "緑市中央1-2-3 グリーンハイツ101",
    },
    {"name": "山田 太郎", "postal_code": "123-4568", "address": "緑市北町4-5-6"},
    {"name": "佐藤 花子", "address": "緑市南町7-8"},
]
CODE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")


async def print_postcards(
    staff: Api, addresses: list[dict[str, str]] = ADDRESSES, **fields: Any
) -> tuple[list[str], list[str]]:
    """The batch's postcards as PDF → (the text of each page, the codes in print order)."""
    answer = await staff.post(
        "/api/v1/verification/postcard-batches",
        json={"addresses": addresses, "label": "12月 試行", **fields},
    )
    assert answer.status_code == 201, answer.text
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.headers["cache-control"] == "private, no-store"
    pages = pdf_text(answer.content)
    return pages, CODE.findall("\n".join(pages))


async def test_a_postcard_process_refuses_an_unverified_vote_and_accepts_it_after_the_code(
    database: Database, planner: Api, resident: Api, other_resident: Api, process_id: int
) -> None:
    proposal = await post_proposal(other_resident, process_id)
    setting = await planner.patch(
        f"/api/v1/processes/{process_id}", json={"min_level_to_vote": "postcard"}
    )
    assert setting.status_code == 200, setting.text
    assert setting.json()["min_level_to_vote"] == "postcard"
    await set_phase(database, process_id, "voting")
    vote = f"/api/v1/proposals/{proposal['id']}/vote"

    refused = await resident.put(vote, json={"value": "agree"})
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith("application/problem+json")
    problem = refused.json()
    assert problem["type"] == "/problems/verification-required"
    assert problem["required_level"] == "postcard" and problem["current_level"] == "none"
    assert "code on the postcard" in problem["detail"]
    assert "account page" in problem["detail"]

    _, codes = await print_postcards(planner)
    assert len(codes) == 3
    entered = await resident.post(
        "/api/v1/verification/code", json={"code": codes[0].lower().replace("-", " ")}
    )
    assert entered.status_code == 200, entered.text
    assert entered.json()["level"] == "postcard"
    assert (await resident.get("/api/v1/auth/me")).json()["verification_level"] == "postcard"

    accepted = await resident.put(vote, json={"value": "agree"})
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["tally"]["agree"] == 1


async def test_a_process_may_need_a_tier_to_propose(
    planner: Api, resident: Api, process_id: int
) -> None:
    await planner.patch(f"/api/v1/processes/{process_id}", json={"min_level_to_propose": "counter"})
    refused = await resident.post(
        f"/api/v1/processes/{process_id}/proposals",
        json={"title": "公園にベンチを", "body": "座る場所がありません。", "district_code": "chuo"},
    )
    assert refused.status_code == 403
    assert refused.json()["required_level"] == "counter"
    assert "in person at a city office counter" in refused.json()["detail"]


async def test_a_code_works_once(planner: Api, resident: Api, other_resident: Api) -> None:
    _, [code, *_] = await print_postcards(planner)
    assert (
        await resident.post("/api/v1/verification/code", json={"code": code})
    ).status_code == 200
    again = await other_resident.post("/api/v1/verification/code", json={"code": code})
    assert again.status_code == 422
    assert "already been used" in again.json()["detail"]
    me = (await other_resident.get("/api/v1/verification/me")).json()
    assert me["level"] == "none"


async def test_a_wrong_code_and_an_expired_code_are_refused_saying_which(
    database: Database, planner: Api, resident: Api
) -> None:
    _, [code, *_] = await print_postcards(planner, valid_days=30)
    wrong = await resident.post("/api/v1/verification/code", json={"code": "ABCD-EFGH-JKMN"})
    assert wrong.status_code == 422
    assert "not valid" in wrong.json()["detail"]
    short = await resident.post("/api/v1/verification/code", json={"code": "ABCD"})
    assert short.status_code == 422 and "12 letters and digits" in short.json()["detail"]
    async with database.session(write=True) as session:
        await session.execute(update(PostcardCode).values(expires_at=utcnow() - timedelta(days=1)))
    expired = await resident.post("/api/v1/verification/code", json={"code": code})
    assert expired.status_code == 422
    assert "expired" in expired.json()["detail"]
    assert (await resident.get("/api/v1/verification/me")).json()["level"] == "none"


async def test_only_hashes_are_stored_and_the_postcard_says_how_to_use_the_code(
    database: Database, planner: Api, resident: Api
) -> None:
    pages, codes = await print_postcards(planner)
    assert len(pages) == 2  # two postcards per A4 page
    first = squeeze(pages[0])
    assert "〒123-4567" in first and "緑市中央1-2-3" in first and "緑川みどり様" in first
    assert "住所確認コードのお知らせ" in first
    assert "http://127.0.0.1:8000/profile" in first  # KYOSO_PUBLIC_URL
    assert "「確認コードを入力」" in first and "1回だけ使えます" in first
    async with database.session(write=False) as session:
        stored = (await session.execute(PostcardCode.__table__.select())).all()
    assert len(stored) == 3
    assert not any(code.replace("-", "") in str(row) for row in stored for code in codes)
    batches = (await planner.get("/api/v1/verification/postcard-batches")).json()
    assert [(b["code_count"], b["used_count"], b["label"]) for b in batches] == [
        (3, 0, "12月 試行")
    ]
    assert (await resident.get("/api/v1/verification/postcard-batches")).status_code == 403
    assert (
        await resident.post("/api/v1/verification/postcard-batches", json={"addresses": ADDRESSES})
    ).status_code == 403


async def test_staff_upload_an_address_list_file(planner: Api) -> None:
    csv = (
        "氏名,郵便番号,住所\r\n緑川 みどり,123-4567,緑市中央1-2-3\r\n,,\r\n山田 太郎,,緑市北町4\r\n"
    )
    answer = await planner.post(
        "/api/v1/verification/postcard-batches/file",
        files={"file": ("addresses.csv", csv.encode("cp932"), "text/csv")},
        data={"valid_days": "14"},
    )
    assert answer.status_code == 201, answer.text
    text = squeeze(pdf_text(answer.content)[0])
    assert "緑川みどり様" in text and "山田太郎様" in text
    assert len(CODE.findall(text)) == 2
    missing = await planner.post(
        "/api/v1/verification/postcard-batches/file",
        files={"file": ("a.csv", "氏名,住所\r\n緑川 みどり,\r\n".encode(), "text/csv")},
    )
    assert missing.status_code == 422
    assert "Row 2 lacks a name or an address" in missing.json()["detail"]


async def test_entering_codes_is_rate_limited(database: Database) -> None:
    settings = msgspec.structs.replace(
        database.settings, rate_limits=True, rate_limit_verification_code="2/3600"
    )
    app = create_app(settings, database=database)
    try:
        await make_user(database, "guesser@example.jp")
        guesser = Api(app)
        await guesser.login("guesser@example.jp")
        for _ in range(2):
            wrong = await guesser.post("/api/v1/verification/code", json={"code": "ABCD-EFGH-JKMN"})
            assert wrong.status_code == 422
        limited = await guesser.post("/api/v1/verification/code", json={"code": "ABCD-EFGH-JKMN"})
        assert limited.status_code == 429
        assert "verification codes" in limited.json()["detail"]
    finally:
        await close_database_clients(app)
