"""The demo city loads idempotently, and the ``kyoso`` command works end to end."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from backend.comments.models import Comment
from backend.core.database import Database
from backend.processes.models import Process
from backend.proposals.models import Proposal
from backend.seed import load_seed
from backend.users.models import User
from backend.votes.models import Vote
from support import Api

SEED_DIR = Path(__file__).resolve().parents[3] / "seed_data"


async def _counts(database: Database) -> dict[str, int]:
    counts = {}
    async with database.session(write=False) as session:
        for model in (User, Process, Proposal, Comment, Vote):
            counts[model.__name__] = int(
                (await session.execute(select(func.count()).select_from(model))).scalar_one()
            )
    return counts


async def test_seeding_twice_creates_nothing_twice(database: Database, anonymous: Api) -> None:
    first = await load_seed(database, SEED_DIR)
    after_first = await _counts(database)
    second = await load_seed(database, SEED_DIR)
    assert await _counts(database) == after_first
    assert second.proposals == second.votes == second.users == 0
    assert first.proposals >= 150 and first.users >= 100

    processes = (await anonymous.get("/api/v1/processes")).json()
    phases = {p["phase"] for p in processes}
    assert {"voting", "closed"} <= phases
    voting = next(p for p in processes if p["phase"] == "voting")
    page = (
        await anonymous.get(
            f"/api/v1/processes/{voting['id']}/proposals",
            params={"sort": "most_agreed", "limit": 5},
        )
    ).json()
    top = page["items"][0]
    async with database.session(write=False) as session:
        agree = (
            await session.execute(
                select(func.count()).where(Vote.proposal_id == top["id"], Vote.value == 1)
            )
        ).scalar_one()
    assert top["tally"]["agree"] == agree > 0
    bus = (
        await anonymous.get(f"/api/v1/processes/{voting['id']}/proposals", params={"q": "バス"})
    ).json()["items"]
    assert bus, "the demo city has proposals about buses"


async def test_demo_accounts_can_sign_in(database: Database, anonymous: Api) -> None:
    report = await load_seed(database, SEED_DIR)
    roles = set()
    for account in report.demo_accounts:
        response = await anonymous.post(
            "/api/v1/auth/login", json={"email": account["email"], "password": account["password"]}
        )
        assert response.status_code == 200, account["email"]
        roles.add(response.json()["role"])
    assert {"planner", "council", "admin", "resident"} <= roles


def _kyoso(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "backend", *args],
        env=env,
        text=True,
        capture_output=True,
        timeout=120,
        check=False,
    )


def test_the_command_migrates_seeds_and_creates_users(tmp_path: Path) -> None:
    env = {**os.environ, "KYOSO_DATA_DIR": str(tmp_path), "KYOSO_DATABASE_URL": ""}
    assert _kyoso("migrate", env=env).returncode == 0
    seeded = _kyoso("seed", env=env)
    assert seeded.returncode == 0 and "planner@example.jp" in seeded.stdout
    created = _kyoso(
        "create-user",
        "clerk@example.jp",
        "--name",
        "窓口職員",
        "--role",
        "planner",
        "--password",
        "a long enough password",
        env=env,
    )
    assert created.returncode == 0, created.stderr
    assert "Created planner clerk@example.jp" in created.stdout
    again = _kyoso(
        "create-user",
        "clerk@example.jp",
        "--name",
        "x",
        "--password",
        "a long enough password",
        env=env,
    )
    assert again.returncode != 0 and "already exists" in again.stderr
    weak = _kyoso("create-user", "weak@example.jp", "--name", "x", "--password", "short", env=env)
    assert weak.returncode != 0 and "password" in weak.stderr
    assert (tmp_path / "kyoso.db").exists() and (tmp_path / "secret_key").exists()
