"""The demo city analysed, drafted, answered and published once per database, and every
export generated from it once (module scope keeps the suite quick)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from exports.outputs import PUBLIC_FORMATS
from sqlalchemy import delete, select, text

from backend.app import close_database_clients, create_app
from backend.core.config import load_settings
from backend.core.database import Database
from backend.jobs.embedded import run_in_process
from backend.jobs.registry import job_kinds
from backend.jobs.worker import JobWorker
from backend.models import Base
from backend.processes.models import Process
from backend.seed import RESIDENT_DEMO_PASSWORD, load_seed
from support import Api, approved, export_file, settle_kpis, wait_for_run

SEED_DIR = Path(__file__).resolve().parents[3] / "seed_data"
# the demo city's staff exports are kept here to be opened and looked at (pdftoppm for pages)
SAVED_EXPORTS = Path(__file__).resolve().parents[3] / "test-output" / "exports"


def _missing_system_packages() -> str | None:
    from backend.core.errors import ServiceUnavailable
    from backend.exports.fonts import japanese_fonts

    try:
        japanese_fonts()
    except ServiceUnavailable:
        return "no Japanese font (apt-get install fonts-noto-cjk)"
    if shutil.which("pdftotext") is None:
        return "no pdftotext (apt-get install poppler-utils)"
    return None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    reason = _missing_system_packages()
    if reason is None:
        return
    if os.environ.get("KYOSO_REQUIRE_SYSTEM_PACKAGES") == "1":  # CI installs them
        raise pytest.UsageError(f"export tests are required but cannot run: {reason}")
    here = Path(__file__).parent
    for item in items:  # only the demo city's exports need the fonts and poppler
        needs_fonts = "exported" in getattr(item, "fixturenames", ())
        if Path(str(item.fspath)).is_relative_to(here) and needs_fonts:
            item.add_marker(pytest.mark.skip(reason=reason))


STAFF_FORMATS = (
    "summary-pdf",
    "summary-docx",
    "summary-md",
    "opendata-csv",
    "opendata-json",
    "public-comment-csv",
    "public-comment-docx",
)
PLANTED_RESPONSE = "見守りの登録制度を求める意見（連絡先 090-1234-5678、taro.yamada@example.com）"


@dataclass
class Exported:
    """Everything the export tests look at, made once per database."""

    process_id: int
    run_id: int
    draft_id: int
    draft_version: int
    planner: Api
    council: Api
    resident: Api
    anonymous: Api
    files: dict[str, bytes] = field(default_factory=dict)  # staff exports, by format
    public_files: dict[str, bytes] = field(default_factory=dict)  # as a resident got them
    jobs: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # every state seen
    public_before_publishing: dict[str, int] = field(default_factory=dict)
    lineage: list[dict[str, Any]] = field(default_factory=list)
    theme_titles: list[str] = field(default_factory=list)
    database: Database | None = None


async def _wipe(database: Database) -> None:
    async with database.session(write=True) as session:
        for table in reversed(Base.metadata.sorted_tables):
            await session.execute(delete(table))
        if not database.settings.is_sqlite:
            await session.execute(text("DELETE FROM pgqueuer"))


@contextlib.asynccontextmanager
async def _worker(app: Any, database: Database) -> Any:
    if database.settings.is_sqlite:
        task = asyncio.create_task(run_in_process(database, app.state.job_queue, job_kinds()))
        stop = task.cancel
    else:
        consumer = JobWorker(database.settings, job_kinds())
        task = asyncio.create_task(consumer.run())
        stop = consumer.stop
    try:
        yield
    finally:
        stop()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, 30)


async def _prepare(app: Any, database: Database) -> Exported:
    """Seed → analysis run → draft (edited once) → responses → published, as a planner would."""
    report = await load_seed(database, SEED_DIR)
    passwords = {a["email"]: a["password"] for a in report.demo_accounts}
    async with database.session(write=False) as session:
        pid = (
            await session.execute(select(Process.id).where(Process.slug == "midori-vision-2035"))
        ).scalar_one()
    people = {}
    for name in ("planner", "kacho", "council"):
        people[name] = Api(app)
        await people[name].login(f"{name}@example.jp", passwords[f"{name}@example.jp"])
    resident = Api(app)
    await resident.login("r001@example.jp", RESIDENT_DEMO_PASSWORD)
    planner = people["planner"]

    run = await planner.post(
        f"/api/v1/processes/{pid}/analysis-runs", json={"backend": "tfidf", "seed": 1}
    )
    assert run.status_code == 201, run.text
    finished, _ = await wait_for_run(planner, run.json()["id"])
    assert finished["status"] == "succeeded", finished["error"]
    run_id = finished["id"]
    draft = (
        await planner.post(
            f"/api/v1/processes/{pid}/drafts",
            json={"run_id": run_id, "title": "みどり市総合計画 素案"},
        )
    ).json()
    content = settle_kpis(draft["content"])
    content["sections"][0]["body"] = "住民の声をもとにまとめました。"
    edited = await planner.put(
        f"/api/v1/drafts/{draft['id']}", json={"base_version": 1, "content": content}
    )
    assert edited.status_code == 200, edited.text
    board = (await planner.get(f"/api/v1/analysis-runs/{run_id}/themes")).json()
    theme = board["themes"][0]
    saved = await planner.put(
        f"/api/v1/processes/{pid}/responses",
        json={
            "run_id": run_id,
            "theme_key": theme["key"],
            "status": "partly_reflected",
            "summary": PLANTED_RESPONSE,
            "response": "見守りボランティアの登録制度を検討します。",
        },
    )
    assert saved.status_code == 200, saved.text
    exported = Exported(pid, run_id, draft["id"], 2, planner, people["council"], resident, Api(app))
    for name in PUBLIC_FORMATS:
        before = await resident.get(f"/api/v1/processes/{pid}/public-exports/{name}")
        exported.public_before_publishing[name] = before.status_code
    # 決裁: the planner submits, the head of section (課長) approves, which publishes
    for kind, object_id, target in [
        ("phase", pid, "feedback"),
        ("draft", draft["id"], "2"),
        ("themes", run_id, ""),
        ("response", saved.json()["id"], ""),
    ]:
        await approved(planner, people["kacho"], pid, kind, object_id, target)
    exported.lineage = (
        await planner.get(f"/api/v1/drafts/{draft['id']}/lineage", params={"version": 2})
    ).json()
    exported.theme_titles = [t["title"] for t in board["themes"]]
    return exported


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
async def exported(
    request: pytest.FixtureRequest,
    database_urls: dict[str, str | None],
    tmp_path_factory: pytest.TempPathFactory,
) -> Any:
    url = database_urls[request.param]
    if url is None:
        pytest.skip("PostgreSQL is not reachable (set KYOSO_TEST_POSTGRES_URL)")
    settings = load_settings(
        database_url=url,
        data_dir=tmp_path_factory.mktemp("exports"),
        secret_key="test-secret-key-not-for-production",
        db_pool_size=20,
        db_max_overflow=100,
    )
    database = Database(settings)
    await _wipe(database)
    app = create_app(settings, database=database)
    async with _worker(app, database):  # exports are jobs too
        result = await _prepare(app, database)
        result.database = database
        for name in STAFF_FORMATS:
            # councils export the summary, planners the rest: both roles may
            api = result.council if name.startswith("summary-") else result.planner
            result.files[name], result.jobs[name] = await export_file(api, result.process_id, name)
            if request.param == "sqlite":
                SAVED_EXPORTS.mkdir(parents=True, exist_ok=True)
                saved = SAVED_EXPORTS / name.replace("summary-", "summary.")
                saved.write_bytes(result.files[name])
        for name in PUBLIC_FORMATS:
            response = await result.resident.get(
                f"/api/v1/processes/{result.process_id}/public-exports/{name}"
            )
            assert response.status_code == 200, response.text
            result.public_files[name] = response.content
        yield result
    await close_database_clients(app)
    await database.dispose()
