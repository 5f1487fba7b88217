"""The planners' dashboard figures (活動の状況): what came in lately and what waits for staff.

Across all processes: new proposals per day over the last two weeks (days in Japan time, as
the exports count them), proposals the city has not answered yet (no 市の考え方 on the proposal
itself), open reports and the latest analysis runs.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta

import msgspec
from sqlalchemy import String, cast, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.analysis.models import AnalysisRun
from backend.core.database import utcnow
from backend.core.jobs import JobStatus
from backend.exports.dates import JST
from backend.moderation.models import Report
from backend.proposals.models import Proposal
from backend.responses.models import CityResponse

DAYS = 14
RECENT_RUNS = 5


class DayCount(msgspec.Struct):
    day: date
    proposals: int


class RunSummary(msgspec.Struct):
    id: int
    process_id: int
    status: JobStatus
    created_at: datetime
    finished_at: datetime | None


class StaffActivity(msgspec.Struct):
    new_proposals: list[DayCount]  # the last 14 days, oldest first, days without any included
    unanswered_proposals: int
    open_reports: int
    recent_runs: list[RunSummary]  # newest first


async def staff_activity(session: AsyncSession, now: datetime | None = None) -> StaffActivity:
    today = (now or utcnow()).astimezone(JST).date()
    first = today - timedelta(days=DAYS - 1)
    since = datetime.combine(first, time(), JST)
    created = (
        await session.execute(select(Proposal.created_at).where(Proposal.created_at >= since))
    ).scalars()
    per_day = Counter(moment.astimezone(JST).date() for moment in created)
    days = [first + timedelta(days=i) for i in range(DAYS)]

    answered = exists().where(
        CityResponse.target_type == "proposal",
        CityResponse.process_id == Proposal.process_id,
        CityResponse.target_key == cast(Proposal.id, String),
    )
    unanswered = (
        await session.execute(
            select(func.count())
            .select_from(Proposal)
            .where(Proposal.status == "published", ~answered)
        )
    ).scalar_one()
    open_reports = (
        await session.execute(
            select(func.count()).select_from(Report).where(Report.status == "open")
        )
    ).scalar_one()
    runs = (
        await session.execute(
            select(
                AnalysisRun.id,
                AnalysisRun.process_id,
                AnalysisRun.status,
                AnalysisRun.created_at,
                AnalysisRun.finished_at,
            )
            .order_by(AnalysisRun.id.desc())
            .limit(RECENT_RUNS)
        )
    ).all()
    return StaffActivity(
        new_proposals=[DayCount(d, per_day[d]) for d in days],
        unanswered_proposals=int(unanswered),
        open_reports=int(open_reports),
        recent_runs=[RunSummary(*row) for row in runs],
    )
