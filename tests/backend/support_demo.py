"""The demo city and signed-in people, for tests that need a city's worth of proposals (the
analysis workflow, a worker killed mid-run). A folder's conftest.py imports the fixture."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from backend.core.database import Database
from backend.processes.models import Process
from backend.seed import RESIDENT_DEMO_PASSWORD, load_seed
from support import Api

SEED_DIR = Path(__file__).resolve().parents[2] / "seed_data"


@pytest.fixture
async def demo(database: Database, app: Any) -> dict[str, Any]:
    """The seeded demo city: the main (voting) process id and signed-in staff."""
    report = await load_seed(database, SEED_DIR)
    passwords = {a["email"]: a["password"] for a in report.demo_accounts}
    async with database.session(write=False) as session:
        main = (
            await session.execute(select(Process.id).where(Process.slug == "midori-vision-2035"))
        ).scalar_one()
    people = {}
    for name in ("planner", "kacho", "council"):
        api = Api(app)
        await api.login(f"{name}@example.jp", passwords[f"{name}@example.jp"])
        people[name] = api
    resident = Api(app)
    await resident.login("r001@example.jp", RESIDENT_DEMO_PASSWORD)
    return {"process_id": main, "resident": resident, **people}
