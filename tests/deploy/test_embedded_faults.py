"""Embedded mode when the disk lets it down: a full disk or a read-only database file answers
writes with a clear 503 problem+json, keeps answering reads, and leaves the file intact."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

import msgspec
import pytest
from sqlalchemy import event

from backend.app import create_app
from backend.core.config import load_settings
from backend.core.database import Database
from backend.core.migrate import upgrade
from backend.processes.models import District
from support import Api, make_process, make_user, post_proposal


async def _embedded(path: Path, tmp_path: Path) -> Database:
    url = f"sqlite+aiosqlite:///{path}"
    await asyncio.to_thread(upgrade, url)
    database = Database(load_settings(database_url=url, data_dir=tmp_path, secret_key="s" * 32))
    async with database.session(write=True) as session:
        session.add(District(code="chuo", name_ja="中央", name_en="Chuo", position=0))
    await make_user(database, "resident@example.jp")
    await make_process(database)
    return database


async def _fill_the_disk(database: Database) -> None:
    """SQLite's own limit on the file size gives exactly the error a full disk gives."""

    @event.listens_for(database.engine.sync_engine, "connect")
    def _cap(dbapi_connection: Any, _: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA page_count")
        pages = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA max_page_count = {pages}")
        cursor.close()

    await database.engine.dispose()  # new connections get the cap


def _integrity(path: Path) -> tuple[str, int]:
    connection = sqlite3.connect(path)
    try:
        check = connection.execute("PRAGMA integrity_check").fetchone()[0]
        count = connection.execute("SELECT count(*) FROM proposals").fetchone()[0]
    finally:
        connection.close()
    return check, count


def _assert_unavailable(response: Any) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.headers["retry-after"]
    assert "database" in response.json()["detail"]


async def test_a_full_disk_refuses_writes_clearly_and_keeps_the_file_intact(
    tmp_path: Path,
) -> None:
    path = tmp_path / "kyoso.db"
    database = await _embedded(path, tmp_path)
    app = create_app(database.settings, database=database)
    resident = Api(app)
    await resident.login("resident@example.jp")
    await post_proposal(resident, 1)

    await _fill_the_disk(database)
    large = {"title": "大きな提案", "body": "あ" * 4000, "district_code": "chuo"}
    for _ in range(30):
        response = await resident.post("/api/v1/processes/1/proposals", json=large)
        if response.status_code != 201:
            break
    _assert_unavailable(response)
    listed = await resident.get("/api/v1/processes/1/proposals")
    assert listed.status_code == 200
    stored = len(listed.json()["items"])
    await database.dispose()
    assert _integrity(path) == ("ok", stored)


async def test_a_read_only_database_answers_reads_and_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "kyoso.db"
    database = await _embedded(path, tmp_path)
    writer = Api(create_app(database.settings, database=database))
    await writer.login("resident@example.jp")
    await post_proposal(writer, 1)
    await database.dispose()
    sqlite3.connect(path).execute("PRAGMA wal_checkpoint(TRUNCATE)").close()

    # the file as a read-only mount would give it (root ignores chmod, so SQLite's own mode)
    read_only = Database(
        load_settings(
            database_url=f"sqlite+aiosqlite:///file:{path}?mode=ro&uri=true",
            data_dir=tmp_path,
            secret_key="s" * 32,
        )
    )
    app = create_app(read_only.settings, database=read_only)
    anonymous = Api(app)
    listed = await anonymous.get("/api/v1/processes/1/proposals")
    assert listed.status_code == 200 and len(listed.json()["items"]) == 1
    login = await anonymous.post(
        "/api/v1/auth/login",
        json={"email": "resident@example.jp", "password": "correct horse battery"},
    )
    _assert_unavailable(login)  # signing in writes a session row
    ready = await anonymous.get("/ready")
    assert ready.status_code == 200
    await read_only.dispose()
    assert _integrity(path) == ("ok", 1)


async def test_a_full_disk_makes_the_server_not_ready_and_says_why(tmp_path: Path) -> None:
    database = await _embedded(tmp_path / "kyoso.db", tmp_path)
    probe = Api(create_app(database.settings, database=database))
    assert (await probe.get("/ready")).status_code == 200
    await _fill_the_disk(database)
    ready = await probe.get("/ready")
    assert ready.status_code == 503, ready.text
    assert "full" in ready.json()["detail"]
    await database.dispose()


async def test_too_little_free_space_for_the_database_makes_the_server_not_ready(
    tmp_path: Path,
) -> None:
    database = await _embedded(tmp_path / "kyoso.db", tmp_path)
    # more free space demanded than any disk has: what a nearly full disk looks like
    strict = msgspec.structs.replace(database.settings, ready_min_free_mb=2**40)
    ready = await Api(create_app(strict, database=database)).get("/ready")
    assert ready.status_code == 503, ready.text
    assert "MB free" in ready.json()["detail"]
    await database.dispose()


@pytest.fixture(autouse=True)
def _no_read_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KYOSO_READ_CACHE_SECONDS", "0")
