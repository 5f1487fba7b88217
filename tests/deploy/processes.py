"""Real ``kyoso`` processes on a fresh PostgreSQL database, for the deployment tests."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psutil
import pytest
import requests
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from backend.core.config import normalise_database_url

REPO = Path(__file__).resolve().parents[2]
ADMIN_URL = os.environ.get(
    "KYOSO_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
RESIDENT, PLANNER = "kyoso-demo-resident", "kyoso-demo-planner"  # demo data only


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def admin_sql(statement: str) -> list[tuple[object, ...]]:
    """One statement on the server's admin database (autocommit)."""
    engine = create_async_engine(normalise_database_url(ADMIN_URL), isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            result = await connection.execute(text(statement))
            return [tuple(row) for row in result] if result.returns_rows else []
    finally:
        await engine.dispose()


def terminate_connections(name: str) -> int:
    """Close every server connection to database ``name`` (what a restart does to a client)."""
    rows = asyncio.run(
        admin_sql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{name}' AND pid <> pg_backend_pid()"
        )
    )
    return len(rows)


def signed_in(base: str, email: str, password: str = RESIDENT) -> requests.Session:
    session = requests.Session()
    session.get(f"{base}/api/v1/districts", timeout=10)
    session.headers["x-csrftoken"] = session.cookies["csrftoken"]
    response = session.post(
        f"{base}/api/v1/auth/login", json={"email": email, "password": password}, timeout=10
    )
    assert response.status_code == 200, response.text
    session.headers["x-csrftoken"] = session.cookies["csrftoken"]  # signing in renews it
    return session


def wait_ready(base: str, log: Path, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            if requests.get(f"{base}/ready", timeout=1).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        assert time.monotonic() < deadline, log.read_text()
        time.sleep(0.3)


class Deployment:
    """A seeded database and the ``kyoso`` processes started on it."""

    def __init__(self, name: str, data_dir: Path) -> None:
        self.name, self.data_dir = name, data_dir
        self.env = {
            **os.environ,
            "KYOSO_DATABASE_URL": ADMIN_URL.rsplit("/", 1)[0] + "/" + name,
            "KYOSO_DATA_DIR": str(data_dir),
            "KYOSO_SECRET_KEY": "layout-secret-shared-by-every-api-process",
            "KYOSO_WORKER_MODE": "queue",
            "KYOSO_RATE_LIMITS": "off",
            "KYOSO_WORKER_HEARTBEAT_SECONDS": "3",
        }
        self.processes: list[subprocess.Popen[bytes]] = []
        self.bases: list[str] = []  # of the API processes, in the order they were started
        self.logs: list[Path] = []

    def kyoso(self, *command: str, timeout: float = 300) -> None:
        subprocess.run(
            [sys.executable, "-m", "backend", *command],
            cwd=REPO,
            env=self.env,
            check=True,
            capture_output=True,
            timeout=timeout,
        )

    def start(self, *command: str) -> subprocess.Popen[bytes]:
        log = self.data_dir / f"process-{len(self.processes)}.log"
        with open(log, "wb") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "backend", *command],
                cwd=REPO,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        self.processes.append(process)
        self.logs.append(log)
        return process

    def serve(self, *options: str) -> str:
        port = free_port()
        self.start("serve", "--port", str(port), "--no-access-log", *options)
        base = f"http://127.0.0.1:{port}"
        wait_ready(base, self.logs[-1])
        workers = int(options[options.index("--workers") + 1]) if "--workers" in options else 1
        deadline = time.monotonic() + 60  # one worker answers /ready before the others start
        while self.logs[-1].read_text().count("Started worker") < workers:
            assert time.monotonic() < deadline, self.logs[-1].read_text()
            time.sleep(0.2)
        self.bases.append(base)
        return base

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:  # with the server's worker processes
                for child in psutil.Process(process.pid).children(recursive=True):
                    child.kill()
                process.kill()


@contextmanager
def deployment(tmp_path_factory: pytest.TempPathFactory, prefix: str) -> Iterator[Deployment]:
    """A fresh migrated and seeded database (the demo city); skipped without PostgreSQL."""
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    try:
        asyncio.run(admin_sql(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        if os.environ.get("KYOSO_REQUIRE_POSTGRES") == "1":
            raise
        pytest.skip(f"PostgreSQL is not reachable: {exc}")
    deployed = Deployment(name, tmp_path_factory.mktemp(prefix))
    try:
        deployed.kyoso("migrate", timeout=120)
        deployed.kyoso("seed")
        yield deployed
    finally:
        deployed.stop()
        asyncio.run(admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
