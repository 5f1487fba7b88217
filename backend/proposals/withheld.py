"""Proposals the public no longer sees: hidden by a moderator or withdrawn by their author.

Analysis runs and draft versions are immutable, so they keep such proposals; every public
reading (themes, the published draft, lineage, exports, the city's answers) leaves them out at
read time with this set (``users/public_view.py`` has the rule for single proposals and lists).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.proposals.models import Proposal


async def withheld_proposals(session: AsyncSession, process_id: int) -> dict[int, str]:
    """id → title and body of each (what a summary may have quoted)."""
    rows = await session.execute(
        select(Proposal.id, Proposal.title, Proposal.body).where(
            Proposal.process_id == process_id, Proposal.status != "published"
        )
    )
    return {r.id: f"{r.title}\n{r.body}" for r in rows}
