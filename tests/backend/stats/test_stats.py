"""Dashboard figures on the demo city: totals, withheld small cells, activity per day."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from backend.core.database import Database
from backend.seed import load_seed
from backend.stats.services import withheld_cells
from support import Api

SEED_DIR = Path(__file__).resolve().parents[3] / "seed_data"


def test_a_small_cell_is_withheld_with_enough_others_to_hide_it() -> None:
    cells = {c.key: c for c in withheld_cells(Counter(a=3, b=7, c=40))}
    assert cells["a"].withheld and cells["b"].withheld and not cells["c"].withheld
    assert cells["c"].participants == 40
    both = {c.key: c for c in withheld_cells(Counter(a=3, b=2, c=40))}
    assert [k for k, c in both.items() if c.withheld] == ["a", "b"]


async def test_council_sees_participation_with_small_districts_withheld(
    database: Database, council: Api, resident: Api, anonymous: Api
) -> None:
    await load_seed(database, SEED_DIR)
    processes = (await anonymous.get("/api/v1/processes")).json()
    main = next(p for p in processes if p["slug"] == "midori-vision-2035")
    url = f"/api/v1/processes/{main['id']}/stats"
    assert (await resident.get(url)).status_code == 403
    assert (await anonymous.get(url)).status_code == 401
    stats: dict[str, Any] = (await council.get(url)).json()
    assert stats["proposals"] == main["proposal_count"] and stats["votes"] > 10_000
    districts = {c["key"]: c for c in stats["by_district"]}
    assert districts["yamanoue"]["withheld"] and districts["yamanoue"]["participants"] is None
    shown = sum(c["participants"] for c in stats["by_district"] if not c["withheld"])
    assert stats["participants"] - shown >= 5  # the withheld figure cannot be recovered
    channels = {c["key"] for c in stats["by_channel"]}
    assert {"online", "paper"} <= channels
    assert sum(day["proposals"] for day in stats["over_time"]) == stats["proposals"]
