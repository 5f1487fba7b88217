"""Backend fixtures: the real app on a real database (an SQLite file and PostgreSQL).

Every backend test runs once per database. PostgreSQL comes from ``KYOSO_TEST_POSTGRES_URL``
(default ``postgresql://postgres@127.0.0.1:5432/postgres``); a fresh database is created for
the test session and dropped afterwards. When PostgreSQL is unreachable its tests are skipped,
unless ``KYOSO_REQUIRE_POSTGRES=1`` (CI), where that is an error.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import msgspec
import pytest
from sqlalchemy import delete, text
from sqlalchemy.ext.asyncio import create_async_engine

from backend.app import close_database_clients, create_app
from backend.core.config import load_settings, normalise_database_url
from backend.core.database import Database
from backend.core.migrate import upgrade
from backend.jobs.embedded import run_in_process
from backend.jobs.queue import install_queue_schema
from backend.jobs.registry import job_kinds
from backend.jobs.worker import JobWorker
from backend.models import Base
from backend.processes.models import District
from support import TEST_LANGUAGE, Api, make_process, make_user

POSTGRES_ADMIN_URL = os.environ.get(
    "KYOSO_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
REQUIRE_POSTGRES = os.environ.get("KYOSO_REQUIRE_POSTGRES") == "1"

DISTRICTS = [
    ("chuo", "中央地区", "Chuo"),
    ("kita", "北部地区", "Kita"),
    ("minami", "南部地区", "Minami"),
]


async def _create_postgres_database() -> str | None:
    admin_url = normalise_database_url(POSTGRES_ADMIN_URL)
    name = f"kyoso_test_{uuid.uuid4().hex[:10]}"
    engine = create_async_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # unreachable server, wrong credentials...
        if REQUIRE_POSTGRES:
            raise RuntimeError(f"PostgreSQL is required but unreachable: {exc}") from exc
        return None
    finally:
        await engine.dispose()
    return admin_url.rsplit("/", 1)[0] + "/" + name


async def _drop_postgres_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    engine = create_async_engine(
        normalise_database_url(POSTGRES_ADMIN_URL), isolation_level="AUTOCOMMIT"
    )
    async with engine.connect() as connection:
        await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    await engine.dispose()


@pytest.fixture(scope="session")
def database_urls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str | None]]:
    sqlite_path = tmp_path_factory.mktemp("db") / "kyoso-test.db"
    sqlite_url = f"sqlite+aiosqlite:///{sqlite_path}"
    postgres_url = asyncio.run(_create_postgres_database())
    for url in (sqlite_url, postgres_url):
        if url:
            upgrade(url)
    if postgres_url:
        asyncio.run(install_queue_schema(postgres_url))
    yield {"sqlite": sqlite_url, "postgres": postgres_url}
    if postgres_url:
        asyncio.run(_drop_postgres_database(postgres_url))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, database_urls: dict[str, str | None]) -> str:
    url = database_urls[request.param]
    if url is None:
        pytest.skip("PostgreSQL is not reachable (set KYOSO_TEST_POSTGRES_URL)")
    return url


@pytest.fixture
async def database(database_url: str, tmp_path: Path) -> AsyncIterator[Database]:
    """A migrated, emptied database with three districts."""
    settings = load_settings(
        database_url=database_url,
        data_dir=tmp_path,
        secret_key="test-secret-key-not-for-production",
        db_pool_size=10,
        db_max_overflow=20,
    )
    db = Database(settings)
    async with db.session(write=True) as session:
        for table in reversed(Base.metadata.sorted_tables):
            await session.execute(delete(table))
        if not settings.is_sqlite:
            await session.execute(text("DELETE FROM pgqueuer"))
        session.add_all(
            District(code=c, name_ja=ja, name_en=en, position=i)
            for i, (c, ja, en) in enumerate(DISTRICTS)
        )
    yield db
    await db.dispose()


@pytest.fixture
async def app(database: Database) -> AsyncIterator[Any]:
    # feature tests post and vote faster than a person; tests/security checks the limits
    application = create_app(
        msgspec.structs.replace(database.settings, rate_limits=False), database=database
    )
    yield application
    # the ASGI test transport runs no lifespan: close what the app opened on the database
    await close_database_clients(application)


@pytest.fixture
def anonymous(app: Any) -> Api:
    return Api(app)


@pytest.fixture
def account_language() -> str:
    """The language setting of the accounts ``make_api`` creates: English, the language the
    tests read the server's details in (the mail tests read Japanese mails)."""
    return TEST_LANGUAGE


@pytest.fixture
def make_api(app: Any, database: Database, account_language: str) -> Any:
    async def factory(email: str, role: str = "resident", **kwargs: Any) -> Api:
        kwargs.setdefault("language", account_language)
        await make_user(database, email, role, **kwargs)
        api = Api(app)
        await api.login(email)
        return api

    return factory


@pytest.fixture
async def resident(make_api: Any) -> Api:
    return await make_api("hanako@example.jp")


@pytest.fixture
async def other_resident(make_api: Any) -> Api:
    return await make_api("taro@example.jp")


@pytest.fixture
async def planner(make_api: Any) -> Api:
    return await make_api("planner@example.jp", "planner", district=None, age_band=None)


@pytest.fixture
async def approver(make_api: Any) -> Api:
    """A second planner (課長): approves what ``planner`` submits (four eyes)."""
    return await make_api("kacho@example.jp", "planner", district=None, age_band=None)


@pytest.fixture
async def council(make_api: Any) -> Api:
    return await make_api("council@example.jp", "council", district=None, age_band=None)


@pytest.fixture
async def admin(make_api: Any) -> Api:
    return await make_api("admin@example.jp", "admin", district=None, age_band=None)


@pytest.fixture
async def process_id(database: Database) -> int:
    return await make_process(database)


@pytest.fixture
async def worker(app: Any, database: Database) -> AsyncIterator[None]:
    """The real job runner for this database: in-process on SQLite, PgQueuer on PostgreSQL
    (the same code ``kyoso worker`` runs, here as a task of the test's loop), every job kind,
    without the mail loop (the mail tests run its passes themselves)."""
    if database.settings.is_sqlite:
        task = asyncio.create_task(run_in_process(database, app.state.job_queue, job_kinds()))
        stop = task.cancel
    else:
        consumer = JobWorker(database.settings, job_kinds())
        task = asyncio.create_task(consumer.run())
        stop = consumer.stop
    yield
    stop()
    with contextlib.suppress(asyncio.CancelledError):
        await asyncio.wait_for(task, 30)
