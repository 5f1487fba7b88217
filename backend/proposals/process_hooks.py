"""What processes/ asks of proposals through its hook points: a process's count, and a
district's proposals when the district is deleted or merged."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.database import changed_rows
from backend.proposals.models import Proposal


async def count_published_proposals(session: AsyncSession, process_id: int) -> int:
    count = await session.execute(
        select(func.count()).where(
            Proposal.process_id == process_id, Proposal.status == "published"
        )
    )
    return int(count.scalar_one())


async def count_district_proposals(session: AsyncSession, code: str) -> int:
    count = await session.execute(select(func.count()).where(Proposal.district_code == code))
    return int(count.scalar_one())


async def move_district_proposals(session: AsyncSession, code: str, into: str) -> int:
    moved = await session.execute(
        update(Proposal)
        .where(Proposal.district_code == code)
        .values(district_code=into)
        .execution_options(synchronize_session=False)
    )
    return changed_rows(moved)
