"""Routes: dashboard figures (councils, planners, admins)."""

from __future__ import annotations

from litestar import get

from backend.core.dependencies import Db
from backend.stats.activity import StaffActivity, staff_activity
from backend.stats.services import Participation, participation
from backend.users.auth import readers_only, staff_only


@get(
    "/api/v1/processes/{process_id:int}/stats",
    tags=["dashboards"],
    guards=[readers_only],
    summary="Participation totals, breakdowns (cells under 5 withheld) and activity per day",
)
async def process_stats(db: Db, process_id: int) -> Participation:
    return await participation(db, process_id)


@get(
    "/api/v1/stats/activity",
    tags=["dashboards"],
    guards=[staff_only],
    summary="Planners' dashboard: new proposals per day (14 days), unanswered, reports, runs",
)
async def planner_activity(db: Db) -> StaffActivity:
    return await staff_activity(db)
