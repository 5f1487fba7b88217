"""A whole process exported from SQLite and imported into PostgreSQL answers every read of the API
exactly as the original did; a damaged or foreign file writes nothing."""

from __future__ import annotations

import asyncio
import io
import os
import uuid
from pathlib import Path
from typing import Any

import msgspec
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import create_async_engine

from backend.app import close_database_clients, create_app
from backend.backup.export import export_process
from backend.backup.format import BackupError
from backend.backup.importer import import_process
from backend.core.config import load_settings, normalise_database_url
from backend.core.database import Database
from backend.core.migrate import upgrade
from backend.processes.models import Process
from backend.proposals.models import Proposal
from backend.seed import RESIDENT_DEMO_PASSWORD, load_seed
from support import Api, approved, settle_kpis, wait_for_run

SEED_DIR = Path(__file__).resolve().parents[3] / "seed_data"
SLUG = "midori-vision-2035"
ADMIN_URL = os.environ.get(
    "KYOSO_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


async def _fresh_postgres() -> str | None:
    name = f"kyoso_restore_{uuid.uuid4().hex[:8]}"
    engine = create_async_engine(normalise_database_url(ADMIN_URL), isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception:
        if os.environ.get("KYOSO_REQUIRE_POSTGRES") == "1":
            raise
        return None
    finally:
        await engine.dispose()
    return normalise_database_url(ADMIN_URL).rsplit("/", 1)[0] + "/" + name


async def _drop(url: str) -> None:
    engine = create_async_engine(normalise_database_url(ADMIN_URL), isolation_level="AUTOCOMMIT")
    async with engine.connect() as connection:
        await connection.execute(
            text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
        )
    await engine.dispose()


async def _people(app: Any, passwords: dict[str, str]) -> dict[str, Api]:
    people = {"anonymous": Api(app)}
    for name in ("planner", "kacho", "council"):
        people[name] = Api(app)
        await people[name].login(f"{name}@example.jp", passwords[f"{name}@example.jp"])
    people["resident"] = Api(app)
    await people["resident"].login("r001@example.jp", RESIDENT_DEMO_PASSWORD)
    return people


async def _reads(
    people: dict[str, Api], pid: int, run_id: int, draft_id: int, proposal_ids: list[int]
) -> dict[str, Any]:
    urls = [
        f"/api/v1/processes/{pid}",
        f"/api/v1/processes/{pid}/proposals?limit=100",
        f"/api/v1/processes/{pid}/proposals?sort=most_agreed&limit=50",
        f"/api/v1/processes/{pid}/proposals?q=バス",
        f"/api/v1/processes/{pid}/themes",
        f"/api/v1/processes/{pid}/draft",
        f"/api/v1/processes/{pid}/responses",
        f"/api/v1/processes/{pid}/analysis-runs",
        f"/api/v1/analysis-runs/{run_id}",
        f"/api/v1/analysis-runs/{run_id}/themes",
        f"/api/v1/analysis-runs/{run_id}/opinions",
        f"/api/v1/analysis-runs/{run_id}/duplicates",
        f"/api/v1/analysis-runs/{run_id}/theme-edits",
        f"/api/v1/drafts/{draft_id}",
        f"/api/v1/drafts/{draft_id}/versions",
        f"/api/v1/drafts/{draft_id}/lineage",
    ]
    for proposal_id in proposal_ids:
        urls += [
            f"/api/v1/proposals/{proposal_id}",
            f"/api/v1/proposals/{proposal_id}/comments",
            f"/api/v1/proposals/{proposal_id}/outcome",
        ]
    answers = {}
    for who, api in people.items():
        for url in urls:
            response = await api.get(url)
            answers[f"{who} {url}"] = (response.status_code, response.json())
    return answers


@pytest.mark.slow
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_process_moved_from_sqlite_to_postgresql_answers_identically(
    database: Database, app: Any, worker: None, tmp_path: Path
) -> None:
    report = await load_seed(database, SEED_DIR)
    passwords = {a["email"]: a["password"] for a in report.demo_accounts}
    async with database.session(write=False) as session:
        pid = (await session.execute(select(Process.id).where(Process.slug == SLUG))).scalar_one()
        proposal_ids = list(
            (
                await session.execute(
                    select(Proposal.id)
                    .where(Proposal.process_id == pid)
                    .order_by(Proposal.id)
                    .limit(3)
                )
            ).scalars()
        )
    people = await _people(app, passwords)
    planner = people["planner"]
    run = (
        await planner.post(
            f"/api/v1/processes/{pid}/analysis-runs", json={"backend": "tfidf", "seed": 1}
        )
    ).json()
    run, _ = await wait_for_run(planner, run["id"])
    assert run["status"] == "succeeded", run["error"]
    board = (await planner.get(f"/api/v1/analysis-runs/{run['id']}/themes")).json()
    key = board["themes"][0]["key"]
    await planner.post(
        f"/api/v1/analysis-runs/{run['id']}/theme-edits",
        json={"type": "rename", "theme_key": key, "title": "交通の充実"},
    )
    await approved(planner, people["kacho"], pid, "themes", run["id"])
    draft = (
        await planner.post(
            f"/api/v1/processes/{pid}/drafts", json={"run_id": run["id"], "title": "素案"}
        )
    ).json()
    await approved(planner, people["kacho"], pid, "phase", pid, "draft")
    settled = await planner.put(
        f"/api/v1/drafts/{draft['id']}",
        json={"base_version": 1, "content": settle_kpis(draft["content"])},
    )  # KPIs: values or 設定中
    assert settled.status_code == 200, settled.text
    await approved(planner, people["kacho"], pid, "draft", draft["id"], "2")
    answer = await planner.put(
        f"/api/v1/processes/{pid}/responses",
        json={
            "summary": "バスの増便",
            "response": "検討します。",
            "status": "for_reference",
            "proposal_id": proposal_ids[0],
        },
    )
    await approved(planner, people["kacho"], pid, "response", answer.json()["id"])
    before = await _reads(people, pid, run["id"], draft["id"], proposal_ids)

    exported = io.BytesIO()
    counts = await export_process(database, SLUG, exported)
    assert counts["proposals"] >= 150 and counts["votes"] > 1000 and counts["themes"] > 0

    target_url = await _fresh_postgres()
    if target_url is None:
        pytest.skip("PostgreSQL is not reachable")
    try:
        await asyncio.to_thread(upgrade, target_url)  # Alembic runs its own event loop
        target = Database(
            load_settings(
                database_url=target_url, data_dir=tmp_path, secret_key=database.settings.secret_key
            )
        )
        exported.seek(0)
        written = await import_process(target, exported)
        assert written["proposals"] == counts["proposals"]
        restored = create_app(target.settings, database=target)
        after = await _reads(
            await _people(restored, passwords), pid, run["id"], draft["id"], proposal_ids
        )
        await close_database_clients(restored)
        assert list(after) == list(before)
        for url, answer in before.items():
            assert after[url] == answer, url
        # new rows continue after the imported ids (sequences were moved on)
        async with target.session(write=True) as session:
            next_id = (
                await session.execute(
                    text("SELECT nextval(pg_get_serial_sequence('proposals', 'id'))")
                )
            ).scalar_one()
            assert next_id > max(proposal_ids)
            assert (
                await session.execute(select(func.count()).select_from(Proposal))
            ).scalar_one() == counts["proposals"]
        await target.dispose()
    finally:
        await _drop(target_url)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_damaged_or_foreign_file_writes_nothing(
    database: Database, process_id: int, tmp_path: Path
) -> None:
    exported = io.BytesIO()
    await export_process(database, "vision", exported)
    lines = exported.getvalue().splitlines(keepends=True)
    other_url = f"sqlite+aiosqlite:///{tmp_path / 'other.db'}"
    await asyncio.to_thread(upgrade, other_url)
    other = Database(load_settings(database_url=other_url, data_dir=tmp_path, secret_key="x" * 32))
    try:
        with pytest.raises(BackupError, match="cut off"):
            await import_process(other, io.BytesIO(b"".join(lines[:-1])))
        header = msgspec.json.decode(lines[0])
        with pytest.raises(BackupError, match="not supported"):
            newer = msgspec.json.encode({**header, "format_version": 99}) + b"\n"
            await import_process(other, io.BytesIO(newer + b"".join(lines[1:])))
        with pytest.raises(BackupError, match="not a Kyoso"):
            await import_process(other, io.BytesIO(b'{"hello": 1}\n'))
        async with other.session(write=False) as session:
            assert (
                await session.execute(select(func.count()).select_from(Process))
            ).scalar_one() == 0
        await import_process(other, io.BytesIO(exported.getvalue()))
        with pytest.raises(BackupError, match="already exists"):
            await import_process(other, io.BytesIO(exported.getvalue()))
    finally:
        await other.dispose()
