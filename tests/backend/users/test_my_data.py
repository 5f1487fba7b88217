"""「自分のデータをダウンロード」: GET /api/v1/auth/me/data through the real API and database."""

from __future__ import annotations

import io
import re
from typing import Any

import msgspec
from PIL import Image
from sqlalchemy import select, update

from backend.core.database import Database
from backend.drafts.models import Draft, DraftComment
from backend.proposals.models import Proposal
from backend.users.models import User
from backend.users.my_data import MyData
from support import Api, post_proposal

MY_DATA = "/api/v1/auth/me/data"


async def _draft_comment(database: Database, process_id: int, author_email: str) -> None:
    """A comment on a draft plan section, written straight into the database (publishing a
    draft through the API needs an analysis run, which this test is not about)."""
    async with database.session(write=True) as session:
        author = (
            await session.execute(select(User.id).where(User.email == author_email))
        ).scalar_one()
        draft = Draft(process_id=process_id)
        session.add(draft)
        await session.flush()
        session.add(
            DraftComment(
                draft_id=draft.id,
                version_number=1,
                section_key="g1",
                author_id=author,
                body="素案の目標1に賛成です。",
            )
        )


async def test_the_download_holds_my_profile_writing_votes_and_reports_and_nobody_elses(
    resident: Api, other_resident: Api, database: Database, process_id: int
) -> None:
    mine = await post_proposal(
        resident, process_id, title="図書館の開館時間を延ばして", tags=["図書館"]
    )
    hidden_mine = await post_proposal(resident, process_id, title="公園にベンチがほしい")
    theirs = await post_proposal(other_resident, process_id, title="他人の提案です")
    withdrawn = await resident.post(
        f"/api/v1/proposals/{hidden_mine['id']}/withdraw", json={"reason": "別の提案にまとめます"}
    )
    assert withdrawn.status_code == 200, withdrawn.text
    assert (
        await resident.put(f"/api/v1/proposals/{theirs['id']}/vote", json={"value": "agree"})
    ).status_code == 200
    assert (
        await other_resident.put(f"/api/v1/proposals/{mine['id']}/vote", json={"value": "disagree"})
    ).status_code == 200
    comment = await resident.post(
        f"/api/v1/proposals/{theirs['id']}/comments", json={"body": "私も同じ意見です。"}
    )
    assert comment.status_code == 201, comment.text
    assert (
        await other_resident.post(
            f"/api/v1/proposals/{mine['id']}/comments", json={"body": "他人のコメント"}
        )
    ).status_code == 201
    report = await resident.post(
        f"/api/v1/proposals/{theirs['id']}/reports",
        json={"reason": "off_topic", "note": "テーマ外です"},
    )
    assert report.status_code in (200, 201), report.text
    await _draft_comment(database, process_id, "hanako@example.jp")

    response = await resident.get(MY_DATA)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert re.fullmatch(
        r'attachment; filename="kyoso-my-data-\d{8}\.json"', response.headers["content-disposition"]
    )
    assert response.headers["cache-control"] == "no-store"
    data: dict[str, Any] = response.json()
    assert data["kind"] == "kyoso-my-data"
    assert data["account"]["email"] == "hanako@example.jp"
    assert data["account"]["district_code"] == "chuo" and data["account"]["age_band"] == "30s"
    assert set(data["consent"]) == {"terms_version", "privacy_version", "consented_at"}
    assert [s["current"] for s in data["sessions"]] == [True]
    assert "token" not in str(data["sessions"]) and "password" not in response.text
    by_title = {p["title"]: p for p in data["proposals"]}
    assert set(by_title) == {"図書館の開館時間を延ばして", "公園にベンチがほしい"}
    assert by_title["図書館の開館時間を延ばして"]["tags"] == ["図書館"]
    assert by_title["図書館の開館時間を延ばして"]["disagree"] == 1
    assert by_title["公園にベンチがほしい"]["status"] == "withdrawn"
    assert by_title["公園にベンチがほしい"]["status_reason"] == "別の提案にまとめます"
    assert [(v["proposal_id"], v["proposal_title"], v["value"]) for v in data["votes"]] == [
        (theirs["id"], "他人の提案です", "agree")
    ]
    assert [(c["body"], c["proposal_title"]) for c in data["comments"]] == [
        ("私も同じ意見です。", "他人の提案です")
    ]
    assert [(r["target_id"], r["reason"], r["note"]) for r in data["reports"]] == [
        (theirs["id"], "off_topic", "テーマ外です")
    ]
    assert [c["body"] for c in data["draft_comments"]] == ["素案の目標1に賛成です。"]
    assert "他人のコメント" not in response.text and "taro" not in response.text
    assert "audit" in data["not_included"]


async def test_the_download_lists_my_photos_by_url(resident: Api, process_id: int) -> None:
    proposal = await post_proposal(resident, process_id)
    picture = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(picture, "PNG")
    upload = await resident.post(
        f"/api/v1/proposals/{proposal['id']}/images",
        files={"file": ("bench.png", picture.getvalue(), "image/png")},
        data={"alt": "壊れたベンチ"},
    )
    assert upload.status_code == 201, upload.text
    photos = (await resident.get(MY_DATA)).json()["proposals"][0]["photos"]
    assert [(p["alt"], p["width"], p["height"]) for p in photos] == [("壊れたベンチ", 40, 30)]
    assert photos[0]["url"].startswith(f"/api/v1/proposals/{proposal['id']}/images/")
    assert (await resident.get(photos[0]["url"])).status_code == 200


async def test_signed_out_people_get_401(anonymous: Api) -> None:
    response = await anonymous.get(MY_DATA)
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_a_proposal_without_a_district_downloads_as_the_documented_shape(
    resident: Api, database: Database, process_id: int
) -> None:
    """The column allows no district (imported and seeded proposals); the API never did."""
    mine = await post_proposal(resident, process_id)
    async with database.session(write=True) as session:
        await session.execute(
            update(Proposal).where(Proposal.id == mine["id"]).values(district_code=None)
        )
    response = await resident.get(MY_DATA)
    assert response.status_code == 200, response.text
    data = msgspec.json.decode(response.content, type=MyData)
    assert [p.district_code for p in data.proposals] == [None]
