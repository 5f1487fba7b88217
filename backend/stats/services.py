"""Participation figures for dashboards: totals, breakdowns (with small cells suppressed) and
activity over time.

A participant is a resident who posted, voted or commented, plus each paper / meeting / phone
submission (its submitter is not an account) and each paper ballot's anonymous participant
(``votes/ballots.py``); people counted on a tally sheet are votes, not participants (a show of
hands names nobody, so the same person may be on several sheets). Breakdown cells are withheld
by the same rule as the exports (``backend.core.privacy``): cells under five people, plus enough
of the smallest others that no withheld figure can be worked out from the total.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import msgspec
from sqlalchemy import func, select, union
from sqlalchemy.ext.asyncio import AsyncSession

from backend.comments.models import Comment
from backend.core.privacy import CountRow, suppress_small_cells
from backend.processes.channels import CHANNELS, IMPORTED, proposal_channel
from backend.processes.services import get_process
from backend.proposals.models import Proposal
from backend.stats.channels import ChannelCell, channel_cells
from backend.users.models import User
from backend.verification.levels import level_column
from backend.votes.breakdown import ballot_people, offline_votes_by_channel
from backend.votes.models import Vote


class Cell(msgspec.Struct):
    key: str
    participants: int | None  # None when withheld
    withheld: bool = False


class DayActivity(msgspec.Struct):
    day: date
    proposals: int
    votes: int
    comments: int


class ChannelVotes(msgspec.Struct):
    channel: str
    votes: int


class Participation(msgspec.Struct):
    participants: int
    proposals: int
    votes: int  # online votes
    comments: int
    by_channel: list[ChannelCell]  # every channel, in order, with its proposals
    by_district: list[Cell]
    by_age_band: list[Cell]
    over_time: list[DayActivity]
    # votes by channel: online, and tally sheets plus paper ballots of each offline channel
    votes_by_channel: list[ChannelVotes] = []
    # none, email, postcard, counter (backend/verification/levels.py); offline: a paper,
    # meeting or phone submission (no account)
    by_verification: list[Cell] = []


def withheld_cells(counts: Counter[str]) -> list[Cell]:
    """Breakdown cells with the product's one small-cell rule (``backend.core.privacy``)."""
    rows = [CountRow(key, n, []) for key, n in sorted(counts.items())]
    return [
        Cell(row.label, None if row.hidden else int(row.people), row.hidden)
        for row in suppress_small_cells(rows)
    ]


async def _people(session: AsyncSession, process_id: int) -> list[tuple[str, str, str, str]]:
    """(channel, district, age band, verification tier) for each participant."""
    in_process = select(Proposal.id).where(Proposal.process_id == process_id)
    accounts = union(
        select(Proposal.author_id.label("uid")).where(
            Proposal.process_id == process_id, Proposal.author_id.is_not(None)
        ),
        select(Vote.user_id.label("uid")).where(Vote.proposal_id.in_(in_process)),
        select(Comment.author_id.label("uid")).where(Comment.proposal_id.in_(in_process)),
    ).subquery()
    online = (
        await session.execute(
            select(User.district_code, User.age_band, level_column())
            .join(accounts, accounts.c.uid == User.id)
            .where(User.role == "resident")
        )
    ).all()
    offline = (
        await session.execute(
            select(Proposal.channel, Proposal.district_code, Proposal.submitter_age_band).where(
                Proposal.process_id == process_id, Proposal.author_id.is_(None)
            )
        )
    ).all()
    people: list[tuple[str, str, str, str]] = [
        ("online", d or "unknown", a or "unknown", level) for d, a, level in online
    ]
    people += [(c, d or "unknown", a or "unknown", "offline") for c, d, a in offline]
    people += [
        (b.channel, b.district_code or "unknown", b.age_band or "unknown", "offline")
        for b in await ballot_people(session, process_id)
    ]
    return people


async def _per_day(session: AsyncSession, process_id: int) -> list[DayActivity]:
    in_process = select(Proposal.id).where(Proposal.process_id == process_id)
    series: dict[str, Counter[date]] = {}
    for name, column, condition in (
        ("proposals", Proposal.created_at, Proposal.process_id == process_id),
        ("votes", Vote.created_at, Vote.proposal_id.in_(in_process)),
        ("comments", Comment.created_at, Comment.proposal_id.in_(in_process)),
    ):
        rows = (await session.execute(select(column).where(condition))).scalars()
        series[name] = Counter(value.date() for value in rows)
    days = sorted(set().union(*series.values()))
    return [
        DayActivity(d, series["proposals"][d], series["votes"][d], series["comments"][d])
        for d in days
    ]


async def _proposals_by_channel(session: AsyncSession, process_id: int) -> Counter[str]:
    rows = await session.execute(
        select(Proposal.author_id, Proposal.channel).where(Proposal.process_id == process_id)
    )
    return Counter(proposal_channel(author, channel) for author, channel in rows.all())


async def participation(session: AsyncSession, process_id: int) -> Participation:
    await get_process(session, process_id)
    people = await _people(session, process_id)

    async def count(model: Any, condition: Any) -> int:
        return int(
            (
                await session.execute(select(func.count()).select_from(model).where(condition))
            ).scalar_one()
        )

    in_process = select(Proposal.id).where(Proposal.process_id == process_id)
    online_votes = await count(Vote, Vote.proposal_id.in_(in_process))
    offline_votes = await offline_votes_by_channel(session, process_id)
    return Participation(
        participants=len(people),
        proposals=await count(Proposal, Proposal.process_id == process_id),
        votes=online_votes,
        comments=await count(Comment, Comment.proposal_id.in_(in_process)),
        by_channel=channel_cells(
            Counter(p[0] for p in people), await _proposals_by_channel(session, process_id)
        ),
        by_district=withheld_cells(Counter(p[1] for p in people)),
        by_age_band=withheld_cells(Counter(p[2] for p in people)),
        over_time=await _per_day(session, process_id),
        votes_by_channel=[ChannelVotes("online", online_votes)]
        + [ChannelVotes(c, offline_votes[c]) for c in CHANNELS[1:]]
        # votes of an imported consultation (Pol.is) only where there are some
        + ([ChannelVotes(IMPORTED, offline_votes[IMPORTED])] if offline_votes[IMPORTED] else []),
        by_verification=withheld_cells(Counter(p[3] for p in people)),
    )
