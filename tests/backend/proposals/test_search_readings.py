"""Search by reading: hiragana, katakana and kanji find each other (「ばす」 finds 「バス」), and
the list's count follows the same filters."""

from __future__ import annotations

import asyncio
from typing import Any

from alembic.script import ScriptDirectory
from sqlalchemy import select, update

from backend.core.migrate import alembic_config, downgrade, upgrade
from backend.proposals.models import Proposal
from support import Api, post_proposal


async def _found(api: Api, process_id: int, query: str) -> list[str]:
    response = await api.get(f"/api/v1/processes/{process_id}/proposals", params={"q": query})
    assert response.status_code == 200, response.text
    return sorted(p["title"] for p in response.json()["items"])


async def test_hiragana_finds_katakana_and_kanji_words(
    resident: Api, anonymous: Api, process_id: int
) -> None:
    await post_proposal(resident, process_id, title="路線バスの本数", body="少なすぎます。")
    await post_proposal(resident, process_id, title="駅に屋根を", body="雨の日に濡れます。")
    await post_proposal(resident, process_id, title="公園に遊具を", body="子どもが遊べる場所を。")
    assert await _found(anonymous, process_id, "ばす") == ["路線バスの本数"]
    assert await _found(anonymous, process_id, "えき") == ["駅に屋根を"]
    assert await _found(anonymous, process_id, "こうえん") == ["公園に遊具を"]
    assert await _found(anonymous, process_id, "コウエン") == ["公園に遊具を"]
    assert await _found(anonymous, process_id, "こうえん ゆうぐ") == ["公園に遊具を"]


async def test_kanji_and_katakana_find_words_written_in_hiragana(
    resident: Api, anonymous: Api, process_id: int
) -> None:
    await post_proposal(
        resident,
        process_id,
        title="えきまえの こうえんに ベンチを",
        body="すわるところが ほしいです。",
    )
    await post_proposal(resident, process_id, title="ばすが すくない", body="あさの ばすを。")
    assert await _found(anonymous, process_id, "駅") == ["えきまえの こうえんに ベンチを"]
    assert await _found(anonymous, process_id, "公園") == ["えきまえの こうえんに ベンチを"]
    assert await _found(anonymous, process_id, "バス") == ["ばすが すくない"]


async def test_a_kana_query_matches_a_whole_reading_not_part_of_one(
    resident: Api, anonymous: Api, process_id: int
) -> None:
    await post_proposal(resident, process_id, title="駅前広場の整備", body="タクシー乗り場を。")
    await post_proposal(resident, process_id, title="液体肥料の配布", body="花壇に。")
    assert await _found(anonymous, process_id, "えき") == []  # not エキマエ nor エキタイ
    assert await _found(anonymous, process_id, "えきまえ") == ["駅前広場の整備"]
    assert await _found(anonymous, process_id, "え") == []  # one kana: as written only


async def test_the_count_follows_the_search_and_the_filters(
    resident: Api, anonymous: Api, process_id: int
) -> None:
    await post_proposal(resident, process_id, title="路線バスの本数", body="少なすぎます。")
    await post_proposal(
        resident, process_id, title="バス停に屋根を", body="雨の日に。", district_code="kita"
    )
    await post_proposal(resident, process_id, title="公園に遊具を", body="子どもが遊べる場所を。")
    url = f"/api/v1/processes/{process_id}/proposals/count"
    assert (await anonymous.get(url)).json() == {"count": 3}
    assert (await anonymous.get(url, params={"q": "ばす"})).json() == {"count": 2}
    assert (await anonymous.get(url, params={"q": "ばす", "district": "kita"})).json() == {
        "count": 1
    }
    assert (await anonymous.get(url, params={"q": "図書館"})).json() == {"count": 0}
    assert (await anonymous.get(url, params={"status": "hidden"})).status_code == 403
    missing = await anonymous.get("/api/v1/processes/999999/proposals/count")
    assert missing.status_code == 404


def _revision_before_readings(url: str) -> str:
    scripts = ScriptDirectory.from_config(alembic_config(url))
    migration = next(s for s in scripts.walk_revisions() if s.path.endswith("_search_readings.py"))
    assert isinstance(migration.down_revision, str)
    return migration.down_revision


async def test_the_migration_reindexes_stored_proposals(
    resident: Api, anonymous: Api, process_id: int, database: Any, database_url: str
) -> None:
    created = await post_proposal(
        resident, process_id, title="路線バスの本数", body="少ない。", tags=["交通"]
    )
    async with database.session(write=True) as session:  # as stored before readings
        await session.execute(update(Proposal).values(search_text="路線バスの本数\n少ない。"))
    assert await _found(anonymous, process_id, "ばす") == []
    await asyncio.to_thread(downgrade, database_url, _revision_before_readings(database_url))
    await asyncio.to_thread(upgrade, database_url)
    async with database.session(write=False) as session:
        document = (
            await session.execute(select(Proposal.search_text).where(Proposal.id == created["id"]))
        ).scalar_one()
    assert " バス " in document and "交通" in document
    assert await _found(anonymous, process_id, "ばす") == ["路線バスの本数"]
