"""Routes: dashboard figures (councils, planners, admins)."""

from __future__ import annotations

from litestar import get

from backend.core.dependencies import Db
from backend.stats.services import Participation, participation
from backend.users.auth import readers_only


@get("/api/v1/processes/{process_id:int}/stats", tags=["dashboards"], guards=[readers_only],
     summary="Participation totals, breakdowns (cells under 5 withheld) and activity per day")
async def process_stats(db: Db, process_id: int) -> Participation:
    return await participation(db, process_id)
