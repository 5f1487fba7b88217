"""Tallies by channel (経路別の集計): what came online, on tally sheets and on paper ballots,
apart, for the stats page and the exports. Online = the displayed count less its offline part
(``proposals.offline_*_count``), so the three always add up to what residents see."""

from __future__ import annotations

from collections import Counter, defaultdict

import msgspec
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.processes.channels import PROPOSAL_CHANNELS
from backend.proposals.models import Proposal
from backend.proposals.schemas import Tally
from backend.votes.models import BallotVote, OfflineParticipant, TallySheet
from backend.votes.offline_schemas import ChannelTally, OfflineBreakdown

_POSITION = {1: 0, -1: 1, 0: 2}


async def offline_breakdown(session: AsyncSession, process_id: int) -> list[OfflineBreakdown]:
    """Per published proposal of the process (by id): the total and each channel's counts."""
    proposals = (
        await session.execute(
            select(
                Proposal.id,
                Proposal.agree_count,
                Proposal.disagree_count,
                Proposal.pass_count,
                Proposal.offline_agree_count,
                Proposal.offline_disagree_count,
                Proposal.offline_pass_count,
            )
            .where(Proposal.process_id == process_id, Proposal.status == "published")
            .order_by(Proposal.id)
        )
    ).all()
    counts: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    sheets: dict[int, int] = defaultdict(int)
    ballots: dict[int, int] = defaultdict(int)
    for pid, channel, agree, disagree, pass_, n in await session.execute(
        select(
            TallySheet.proposal_id,
            TallySheet.channel,
            func.sum(TallySheet.agree_count),
            func.sum(TallySheet.disagree_count),
            func.sum(TallySheet.pass_count),
            func.count(),
        )
        .where(TallySheet.process_id == process_id)
        .group_by(TallySheet.proposal_id, TallySheet.channel)
    ):
        cell = counts[(pid, channel)]
        cell[0], cell[1], cell[2] = cell[0] + agree, cell[1] + disagree, cell[2] + pass_
        sheets[pid] += n
    for pid, ballot_channel, value, n in await session.execute(
        select(BallotVote.proposal_id, OfflineParticipant.channel, BallotVote.value, func.count())
        .join(OfflineParticipant, OfflineParticipant.id == BallotVote.participant_id)
        .where(OfflineParticipant.process_id == process_id)
        .group_by(BallotVote.proposal_id, OfflineParticipant.channel, BallotVote.value)
    ):
        counts[(pid, ballot_channel)][_POSITION[value]] += n
        ballots[pid] += n
    result = []
    for pid, agree, disagree, pass_, off_agree, off_disagree, off_pass in proposals:
        by_channel = [
            ChannelTally(
                "online", Tally(agree - off_agree, disagree - off_disagree, pass_ - off_pass)
            )
        ]
        by_channel += [
            ChannelTally(c, Tally(*counts[(pid, c)]))
            for c in PROPOSAL_CHANNELS[1:]
            if (pid, c) in counts
        ]
        result.append(
            OfflineBreakdown(
                pid,
                Tally(agree, disagree, pass_),
                by_channel,
                sheets.get(pid, 0),
                ballots.get(pid, 0),
            )
        )
    return result


class BallotPerson(msgspec.Struct, frozen=True):
    """A paper-ballot participant as the participation figures count them."""

    channel: str
    district_code: str | None
    age_band: str | None
    votes: int


async def ballot_people(session: AsyncSession, process_id: int) -> list[BallotPerson]:
    """Each anonymous offline participant of the process, with their votes on its published
    proposals (a person whose every mark is on a hidden proposal still took part)."""
    votes = (
        select(BallotVote.participant_id, func.count().label("n"))
        .join(Proposal, Proposal.id == BallotVote.proposal_id)
        .where(Proposal.process_id == process_id, Proposal.status == "published")
        .group_by(BallotVote.participant_id)
        .subquery()
    )
    rows = await session.execute(
        select(
            OfflineParticipant.channel,
            OfflineParticipant.district_code,
            OfflineParticipant.age_band,
            func.coalesce(votes.c.n, 0),
        )
        .outerjoin(votes, votes.c.participant_id == OfflineParticipant.id)
        .where(OfflineParticipant.process_id == process_id)
        .order_by(OfflineParticipant.id)
    )
    return [BallotPerson(c, d, a, int(n)) for c, d, a, n in rows]


async def offline_votes_by_channel(session: AsyncSession, process_id: int) -> Counter[str]:
    """Votes on the published proposals that came in offline, per channel: every ballot mark
    and every person counted on a tally sheet."""
    published = (Proposal.process_id == process_id, Proposal.status == "published")
    totals: Counter[str] = Counter()
    for channel, n in await session.execute(
        select(
            TallySheet.channel,
            func.sum(TallySheet.agree_count + TallySheet.disagree_count + TallySheet.pass_count),
        )
        .join(Proposal, Proposal.id == TallySheet.proposal_id)
        .where(*published)
        .group_by(TallySheet.channel)
    ):
        totals[channel] += int(n or 0)
    for ballot_channel, n in await session.execute(
        select(OfflineParticipant.channel, func.count())
        .join(BallotVote, BallotVote.participant_id == OfflineParticipant.id)
        .join(Proposal, Proposal.id == BallotVote.proposal_id)
        .where(*published)
        .group_by(OfflineParticipant.channel)
    ):
        totals[ballot_channel] += int(n)
    return totals
