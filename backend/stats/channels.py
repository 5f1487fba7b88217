"""Every channel side by side (受付経路別): online, paper, meeting, phone and imported, each with
its participants and proposals, under the product's one small-cell rule
(``backend.core.privacy``): a channel of fewer than five people is withheld, with enough others
that it cannot be worked out from the total. Used by the council dashboard (``/stats``), the
opinion groups and the exports, so each shows the same columns in the same order.

A participant online is a resident with an account; each paper, meeting, phone or imported
submission counts as one person (its submitter has no account).
"""

from __future__ import annotations

from collections import Counter

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.database import in_ids
from backend.core.privacy import CountRow, ShownRow, suppress_small_cells
from backend.processes.channels import PROPOSAL_CHANNELS, ProposalChannel, proposal_channel
from backend.proposals.models import Proposal


class ChannelCell(msgspec.Struct):
    key: ProposalChannel
    participants: int | None  # None when withheld
    proposals: int | None  # None when withheld (they describe the same few people)
    withheld: bool = False


def participant_channel(participant: str | int) -> str:
    """The channel of an opinion-group member: an account id is ``online``; a member written
    ``"<channel>:<id>"`` (votes cast on paper or at a meeting) is of that channel."""
    prefix = str(participant).partition(":")[0]
    return prefix if ":" in str(participant) and prefix in PROPOSAL_CHANNELS else "online"


def channel_rows(
    people: Counter[str], proposals: Counter[str], labels: dict[str, str] | None = None
) -> list[ShownRow]:
    """One row per reported channel, in order, zeros included, small cells suppressed; the
    rows' labels are ``labels[channel]`` (the channel key when none are given)."""
    rows = [
        CountRow((labels or {}).get(c, c), people[c], [proposals[c]]) for c in PROPOSAL_CHANNELS
    ]
    return suppress_small_cells(rows)


def channel_cells(people: Counter[str], proposals: Counter[str]) -> list[ChannelCell]:
    """``channel_rows`` as numbers for the API (``None`` where withheld)."""
    return [
        ChannelCell(
            channel,
            None if row.hidden else int(row.people),
            None if row.hidden else int(row.counts[0]),
            row.hidden,
        )
        for channel, row in zip(PROPOSAL_CHANNELS, channel_rows(people, proposals), strict=True)
    ]


async def proposal_channels(session: AsyncSession, ids: list[int]) -> dict[int, str]:
    """The channel each proposal is counted under (``processes/channels.py``)."""
    if not ids:
        return {}
    rows = await session.execute(
        select(Proposal.id, Proposal.author_id, Proposal.channel).where(
            in_ids(session, Proposal.id, set(ids))
        )
    )
    return {pid: proposal_channel(author, channel) for pid, author, channel in rows.all()}


def group_channel_counts(
    participants: list[str | int], representative_ids: list[int], channel_of: dict[int, str]
) -> tuple[Counter[str], Counter[str]]:
    """An opinion group's members per channel, and its representative proposals per channel."""
    return (
        Counter(participant_channel(u) for u in participants),
        Counter(channel_of.get(pid, "online") for pid in representative_ids),
    )
