"""Migration 0022 turns 「確認済みメールアドレスが必要」 into the e-mail tier, and back."""

from __future__ import annotations

import asyncio

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from backend.core.migrate import downgrade, upgrade


async def _run(url: str, statement: str) -> list[tuple[object, ...]]:
    engine = create_async_engine(url)
    async with engine.begin() as connection:
        result = await connection.execute(text(statement))
        rows = [tuple(r) for r in result] if result.returns_rows else []
    await engine.dispose()
    return rows


def test_a_process_that_required_a_confirmed_address_requires_the_email_tier(
    database_url: str,
) -> None:
    downgrade(database_url, "0021")
    try:
        for slug, required in (("strict", True), ("open", False)):
            asyncio.run(
                _run(
                    database_url,
                    (
                        "INSERT INTO processes (slug, title_ja, title_en, description_ja, "
                        "description_en, phase, channels, last_reference_seq, created_at, "
                        "require_confirmed_email_to_vote) "
                        f"VALUES ('{slug}', 't', '', '', '', 'ideas', "
                        f"'online', 0, CURRENT_TIMESTAMP, {'TRUE' if required else 'FALSE'})"
                    ),
                )
            )
        upgrade(database_url, "0022")
        levels = asyncio.run(
            _run(
                database_url, "SELECT slug, min_level_to_vote, min_level_to_propose FROM processes"
            )
        )
        assert sorted(levels) == [("open", "none", "none"), ("strict", "email", "none")]
        downgrade(database_url, "0021")
        back = asyncio.run(
            _run(database_url, "SELECT slug FROM processes WHERE require_confirmed_email_to_vote")
        )
        assert back == [("strict",)]
    finally:
        asyncio.run(_run(database_url, "DELETE FROM processes"))
        upgrade(database_url)
