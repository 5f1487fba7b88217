"""The planners' dashboard: new proposals per day, what is unanswered, open reports, runs."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from sqlalchemy import update

from backend.core.database import Database
from backend.proposals.models import Proposal
from backend.stats.activity import DayCount, staff_activity
from support import Api, post_proposal

JST = timezone(timedelta(hours=9))


async def test_planners_see_what_came_in_and_what_waits_for_them(
    resident: Api,
    other_resident: Api,
    planner: Api,
    council: Api,
    admin: Api,
    anonymous: Api,
    process_id: int,
) -> None:
    url = "/api/v1/stats/activity"
    assert (await anonymous.get(url)).status_code == 401
    assert (await resident.get(url)).status_code == 403
    assert (await council.get(url)).status_code == 403
    answered = await post_proposal(resident, process_id, title="答えた提案")
    await post_proposal(resident, process_id, title="まだの提案")
    withdrawn = await post_proposal(resident, process_id, title="取り下げた提案")
    await resident.post(f"/api/v1/proposals/{withdrawn['id']}/withdraw")
    await other_resident.post(
        f"/api/v1/proposals/{answered['id']}/reports", json={"reason": "off_topic"}
    )
    saved = await planner.put(
        f"/api/v1/processes/{process_id}/responses",
        json={
            "summary": "要約",
            "response": "市の考え方",
            "status": "reflected",
            "proposal_id": answered["id"],
        },
    )
    assert saved.status_code in (200, 201), saved.text

    activity = (await planner.get(url)).json()
    assert (await admin.get(url)).status_code == 200
    days = activity["new_proposals"]
    assert len(days) == 14
    assert days[-1] == {"day": datetime.now(JST).date().isoformat(), "proposals": 3}
    assert sum(d["proposals"] for d in days[:-1]) == 0
    assert activity["unanswered_proposals"] == 1
    assert activity["open_reports"] == 1
    assert activity["recent_runs"] == []


async def test_a_day_is_counted_in_japan_time(
    database: Database, resident: Api, process_id: int
) -> None:
    proposal = await post_proposal(resident, process_id)
    # 23:30 UTC on 1 March is 08:30 on 2 March in Japan
    async with database.session(write=True) as session:
        await session.execute(
            update(Proposal)
            .where(Proposal.id == proposal["id"])
            .values(created_at=datetime(2026, 3, 1, 23, 30, tzinfo=UTC))
        )
    async with database.session(write=False) as session:
        activity = await staff_activity(session, now=datetime(2026, 3, 2, 12, 0, tzinfo=JST))
    assert activity.new_proposals[-1] == DayCount(date(2026, 3, 2), 1)
    assert activity.new_proposals[0].day == date(2026, 2, 17)
