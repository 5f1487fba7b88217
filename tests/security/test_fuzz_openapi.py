"""Schemathesis fuzzes every operation of the app's own OpenAPI, signed in as each role:
no response may be a 5xx, and none may contradict the documented schema.

The real server (``kyoso serve``) runs on an SQLite file with a small world (a process in each
interesting phase, proposals, comments, votes). ``KYOSO_FUZZ_EXAMPLES`` (default 4) bounds the
examples per operation and role, so the whole run stays within a CI budget (~1-2 minutes).
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from backend.core.config import load_settings
from backend.core.database import Database
from backend.core.migrate import upgrade
from backend.processes.models import District
from support import PASSWORD, make_process, make_user

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
)

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = int(os.environ.get("KYOSO_FUZZ_EXAMPLES", "4"))
# Downloads answer with the file's own type (zip, markdown, pdf…) that the OpenAPI of these
# routes does not declare yet (owner: backend/exports); every other check still applies to them.
FILE_DOWNLOADS = (
    "/api/v1/exports/{job_id}/download",
    "/api/v1/processes/{process_id}/public-exports/{format_name}",
)
ROLES = {
    "anonymous": None,
    "resident": "fuzz-resident@example.jp",
    "other_resident": "fuzz-other@example.jp",
    "council": "fuzz-council@example.jp",
    "planner": "fuzz-planner@example.jp",
    "admin": "fuzz-admin@example.jp",  # last: it may change others' roles
}
CHECKS = (
    not_a_server_error,
    response_schema_conformance,
    content_type_conformance,
    response_headers_conformance,
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _build_world(url: str, data_dir: Path) -> None:
    database = Database(load_settings(database_url=url, data_dir=data_dir, secret_key="x" * 32))
    try:
        async with database.session(write=True) as session:
            session.add_all(
                District(code=code, name_ja=name, name_en=code, position=i)
                for i, (code, name) in enumerate([("chuo", "中央"), ("kita", "北部")])
            )
        for role, email in ROLES.items():
            if email:
                kind = "resident" if "resident" in role else role
                await make_user(
                    database,
                    email,
                    kind,
                    district="chuo" if kind == "resident" else None,
                    age_band="30s" if kind == "resident" else None,
                )
        for n, phase in enumerate(("ideas", "voting", "feedback")):
            await make_process(database, phase, slug=f"fuzz-{n}")
    finally:
        await database.dispose()


def _signed_in(base: str, email: str | None) -> requests.Session:
    session = requests.Session()
    session.get(f"{base}/api/v1/districts", timeout=10)
    if email:
        response = session.post(
            f"{base}/api/v1/auth/login",
            json={"email": email, "password": PASSWORD},
            headers={"x-csrftoken": session.cookies["csrftoken"]},
            timeout=10,
        )
        assert response.status_code == 200, response.text
    return session


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data_dir = tmp_path_factory.mktemp("fuzz")
    url = f"sqlite+aiosqlite:///{data_dir / 'fuzz.db'}"
    upgrade(url)
    asyncio.run(_build_world(url, data_dir))
    port = _free_port()
    env = {
        **os.environ,
        "KYOSO_DATABASE_URL": url,
        "KYOSO_DATA_DIR": str(data_dir),
        "KYOSO_SECRET_KEY": "fuzz-secret-key-0123456789abcdef",
        "KYOSO_RATE_LIMITS": "off",
        "KYOSO_FRONTEND_DIR": str(data_dir / "no-frontend"),
    }
    log = open(data_dir / "server.log", "wb")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "backend", "serve", "--port", str(port)],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{base}/ready", timeout=1).status_code == 200:
                break
        except requests.ConnectionError:
            time.sleep(0.2)
    else:
        process.kill()
        raise AssertionError((data_dir / "server.log").read_text())
    # a few real rows for the generated ids to find
    resident = _signed_in(base, ROLES["resident"])
    token = resident.cookies["csrftoken"]
    for n in range(3):
        proposal = resident.post(
            f"{base}/api/v1/processes/1/proposals",
            json={"title": f"提案{n}", "body": "バスの本数を増やして", "district_code": "chuo"},
            headers={"x-csrftoken": token},
            timeout=10,
        ).json()
        resident.post(
            f"{base}/api/v1/proposals/{proposal['id']}/comments",
            json={"body": "賛成"},
            headers={"x-csrftoken": token},
            timeout=10,
        )
    yield base
    process.terminate()
    process.wait(20)
    log.close()
    server_errors = [
        line for line in (data_dir / "server.log").read_text().splitlines() if "Traceback" in line
    ]
    assert not server_errors, f"the server logged tracebacks; see {data_dir / 'server.log'}"


@pytest.mark.slow
@pytest.mark.parametrize("role", list(ROLES))
def test_fuzzing_every_operation_finds_no_5xx_and_no_schema_violation(
    server: str, role: str
) -> None:
    schema = schemathesis.openapi.from_url(f"{server}/api/docs/openapi.json")
    session = _signed_in(server, ROLES[role])
    failures: list[str] = []
    operations = 0

    def resign_in() -> None:
        nonlocal session
        session = _signed_in(server, ROLES[role])

    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def run(case: Any) -> None:
            headers = {"x-csrftoken": session.cookies.get("csrftoken", "")}
            response = case.call(session=session, headers=headers, timeout=30)
            try:
                checks = CHECKS
                if case.path in FILE_DOWNLOADS and response.status_code == 200:
                    checks = tuple(c for c in CHECKS if c is not content_type_conformance)
                case.validate_response(response, checks=checks)
            except (Exception, BaseExceptionGroup) as exc:  # collect all, then report
                failures.append(f"{role} {case.method} {case.formatted_path}: {exc}"[:600])
            if case.path.startswith("/api/v1/auth/") and case.method == "POST":
                resign_in()  # sign-in, sign-up or sign-out changed who this session is

        run()
    assert operations >= 50
    assert not failures, "\n\n".join(failures[:20])
