"""Security tests use the backend fixtures (the real app on SQLite and PostgreSQL), and
schemathesis a real server on PostgreSQL (``fuzz_server``)."""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import msgspec
import pytest
import requests
from _pytest.fixtures import FixtureFunctionDefinition

from backend.app import close_database_clients, create_app
from backend.core.config import load_settings
from backend.core.database import Database
from backend.core.migrate import upgrade
from backend.core.ratelimit import default_rules
from backend.jobs.queue import install_queue_schema
from backend.processes.models import District
from support import PASSWORD, make_process, make_user

_spec = importlib.util.spec_from_file_location(
    "kyoso_backend_fixtures", Path(__file__).resolve().parents[1] / "backend" / "conftest.py"
)
assert _spec is not None and _spec.loader is not None
_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_fixtures)

globals().update(
    {k: v for k, v in vars(_fixtures).items() if isinstance(v, FixtureFunctionDefinition)}
)


@pytest.fixture
async def app(database: Database) -> AsyncIterator[Any]:
    """The app with its rate limits on (the feature tests' ``app`` switches them off)."""
    application = create_app(
        msgspec.structs.replace(database.settings, rate_limits=True), database=database
    )
    yield application
    await close_database_clients(application)


# --- the real server for schemathesis (test_fuzz_openapi.py) -------------------------------

FUZZ_ACCOUNTS = {
    "resident": "fuzz-resident@example.jp",
    "council": "fuzz-council@example.jp",
    "planner": "fuzz-planner@example.jp",
    "admin": "fuzz-admin@example.jp",
}


class FuzzServer:
    """``kyoso serve`` on its own PostgreSQL database, with a small world: a process in each
    interesting phase, proposals, comments, and an account for each role."""

    def __init__(self, base: str, log: Path) -> None:
        self.base, self.log = base, log

    def sign_in(self, role: str) -> requests.Session:
        """A session with a CSRF token, signed in as ``role`` (``anonymous``: not signed in)."""
        session = requests.Session()
        session.headers["Accept-Language"] = "ja"  # and the accounts' setting is Japanese
        session.get(f"{self.base}/api/v1/districts", timeout=10)
        if role != "anonymous":
            response = session.post(
                f"{self.base}/api/v1/auth/login",
                json={"email": FUZZ_ACCOUNTS[role], "password": PASSWORD},
                headers={"x-csrftoken": session.cookies["csrftoken"]},
                timeout=10,
            )
            assert response.status_code == 200, response.text
        return session


async def _build_fuzz_world(url: str, data_dir: Path) -> None:
    database = Database(load_settings(database_url=url, data_dir=data_dir, secret_key="x" * 32))
    try:
        async with database.session(write=True) as session:
            session.add_all(
                District(code=code, name_ja=name, name_en=code, position=i)
                for i, (code, name) in enumerate([("chuo", "中央"), ("kita", "北部")])
            )
        for role, email in FUZZ_ACCOUNTS.items():
            resident = role == "resident"
            await make_user(
                database,
                email,
                role,
                district="chuo" if resident else None,
                age_band="30s" if resident else None,
                language="ja",
            )
        for n, phase in enumerate(("ideas", "voting", "feedback")):
            await make_process(database, phase, slug=f"fuzz-{n}")
    finally:
        await database.dispose()


def _start_server(url: str, data_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    env = {
        **os.environ,
        "KYOSO_DATABASE_URL": url,
        "KYOSO_DATA_DIR": str(data_dir),
        "KYOSO_SECRET_KEY": "fuzz-secret-key-0123456789abcdef",
        # the counters run (their faults are ours to find), but no fuzzer reaches a limit
        "KYOSO_RATE_LIMITS": "on",
        **{f"KYOSO_RATE_LIMIT_{rule.upper()}": "1000000/60" for rule in default_rules()},
        "KYOSO_FRONTEND_DIR": str(data_dir / "no-frontend"),
    }
    with open(data_dir / "server.log", "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "backend", "serve", "--port", str(port)],
            cwd=Path(__file__).resolve().parents[2],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with contextlib.suppress(requests.ConnectionError):
            if requests.get(f"{base}/ready", timeout=1).status_code == 200:
                return process, base
        time.sleep(0.2)
    process.kill()
    raise AssertionError((data_dir / "server.log").read_text())


@pytest.fixture(scope="module")
def fuzz_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FuzzServer]:
    url = asyncio.run(_fixtures._create_postgres_database())
    if url is None:
        pytest.skip("PostgreSQL is not reachable (set KYOSO_TEST_POSTGRES_URL)")
    data_dir = tmp_path_factory.mktemp("fuzz")
    process = None
    try:
        upgrade(url)
        asyncio.run(install_queue_schema(url))
        asyncio.run(_build_fuzz_world(url, data_dir))
        process, base = _start_server(url, data_dir)
        server = FuzzServer(base, data_dir / "server.log")
        resident = server.sign_in("resident")
        for n in range(3):  # a few real rows for the generated ids to find
            proposal = resident.post(
                f"{base}/api/v1/processes/1/proposals",
                json={"title": f"提案{n}", "body": "バスの本数を増やして", "district_code": "chuo"},
                headers={"x-csrftoken": resident.cookies["csrftoken"]},
                timeout=10,
            ).json()
            resident.post(
                f"{base}/api/v1/proposals/{proposal['id']}/comments",
                json={"body": "賛成"},
                headers={"x-csrftoken": resident.cookies["csrftoken"]},
                timeout=10,
            )
        yield server
    finally:
        if process is not None:
            process.terminate()
            process.wait(20)
        asyncio.run(_fixtures._drop_postgres_database(url))
