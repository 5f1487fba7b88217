"""Section 2 of the summary: who took part, by channel, district, age band and verification
tier (本人確認の段階: the account's tier now), and when.

An online participant is a resident who posted, voted or commented (counted once); each
paper, meeting or phone submission counts as one person, and so does each paper ballot's
anonymous participant (``votes/ballots.py``). Votes by channel add what tally sheets counted
(a show of hands: votes, not people). Breakdown rows of fewer than five
people are suppressed (see ``privacy``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from typing import Any

import msgspec
from sqlalchemy import func, select, union
from sqlalchemy.ext.asyncio import AsyncSession

from backend.comments.models import Comment
from backend.core.privacy import CountRow, suppress_small_cells
from backend.exports import document as doc
from backend.exports.dates import JST
from backend.exports.labels import AGE_LABELS, CHANNEL_LABELS, UNKNOWN
from backend.processes.channels import PROPOSAL_CHANNELS, proposal_channel
from backend.processes.models import District
from backend.proposals.models import Proposal
from backend.users.models import User
from backend.verification.levels import LEVEL_LABELS, LEVELS, level_column
from backend.votes.breakdown import BallotPerson, ballot_people, offline_votes_by_channel
from backend.votes.models import Vote

# the tiers, and the row of offline submissions (their submitters have no account)
LEVEL_ROWS: dict[str | None, str] = {
    **{level: LEVEL_LABELS[level][0] for level in LEVELS},
    None: "アカウントなし（紙・説明会・電話）",
}


class _Person(msgspec.Struct):
    district: str | None
    age: str | None
    level: str | None = None
    proposals: int = 0
    votes: int = 0
    comments: int = 0


async def _people(session: AsyncSession, process_id: int) -> dict[int, _Person]:
    """Every resident who took part online, with what they did (counts, no content)."""
    published = (Proposal.process_id == process_id, Proposal.status == "published")
    proposals = (
        select(Proposal.author_id.label("uid"), func.count().label("n"))
        .where(*published, Proposal.author_id.is_not(None))
        .group_by(Proposal.author_id)
    )
    votes = (
        select(Vote.user_id.label("uid"), func.count().label("n"))
        .join(Proposal, Proposal.id == Vote.proposal_id)
        .where(*published)
        .group_by(Vote.user_id)
    )
    comments = (
        select(Comment.author_id.label("uid"), func.count().label("n"))
        .join(Proposal, Proposal.id == Comment.proposal_id)
        .where(*published, Comment.status == "published")
        .group_by(Comment.author_id)
    )
    ids = union(*(select(q.subquery().c.uid) for q in (proposals, votes, comments))).subquery()
    people = {
        uid: _Person(district, age, level)
        for uid, district, age, level in (
            await session.execute(
                select(User.id, User.district_code, User.age_band, level_column()).where(
                    User.id.in_(select(ids.c.uid))
                )
            )
        ).all()
    }
    for query, field in ((proposals, "proposals"), (votes, "votes"), (comments, "comments")):
        for uid, n in (await session.execute(query)).all():
            if uid in people:
                setattr(people[uid], field, int(n))
    return people


def _breakdown(
    title: str,
    dimension: str,
    labels: dict[str | None, str],
    people: dict[int, _Person],
    offline: list[Any],
    key: str,
    ballots: list[BallotPerson],
) -> doc.Breakdown:
    """Rows per district, age band or tier; an offline submission counts as one person (in
    the row ``None``: unknown, or no account)."""
    rows: dict[str | None, list[int]] = {k: [0, 0, 0, 0] for k in labels}

    def row(value: str | None) -> list[int]:
        return rows[value if value in rows else None]

    for person in people.values():
        cells = row(getattr(person, key))
        cells[0] += 1
        cells[1] += person.proposals
        cells[2] += person.votes
        cells[3] += person.comments
    for proposal in offline:
        cells = row(
            {"district": proposal.district_code, "age": proposal.submitter_age_band, "level": None}[
                key
            ]
        )
        cells[0] += 1
        cells[1] += 1
    for ballot in ballots:
        # a paper ballot has no account: its tier row is "no account" (None)
        cells = row({"district": ballot.district_code, "age": ballot.age_band, "level": None}[key])
        cells[0] += 1
        cells[2] += ballot.votes
    counts = [CountRow(labels[k], v[0], v[1:]) for k, v in rows.items()]
    return doc.Breakdown(title, dimension, suppress_small_cells(counts))


def _channel_breakdown(
    people: dict[int, _Person],
    channels: Counter[str],
    ballots: Counter[str],
    offline_votes: Counter[str],
) -> doc.Breakdown:
    rows = [
        CountRow(
            CHANNEL_LABELS["online"],
            len(people),
            [
                channels["online"],
                sum(p.votes for p in people.values()),
                sum(p.comments for p in people.values()),
            ],
        )
    ]
    rows += [
        CountRow(CHANNEL_LABELS[c], channels[c] + ballots[c], [channels[c], offline_votes[c], 0])
        for c in PROPOSAL_CHANNELS[1:]
    ]
    return doc.Breakdown("参加経路別", "参加経路", suppress_small_cells(rows))


def _week(moment: datetime) -> date:
    day = moment.astimezone(JST).date()
    return day - timedelta(days=day.weekday())


async def collect_participation(
    session: AsyncSession, process_id: int
) -> tuple[doc.Participation, Counter[str]]:
    proposals = (
        await session.execute(
            select(
                Proposal.id,
                Proposal.author_id,
                Proposal.channel,
                Proposal.district_code,
                Proposal.submitter_age_band,
                Proposal.created_at,
            ).where(Proposal.process_id == process_id, Proposal.status == "published")
        )
    ).all()
    comment_times = (
        (
            await session.execute(
                select(Comment.created_at)
                .join(Proposal, Proposal.id == Comment.proposal_id)
                .where(
                    Proposal.process_id == process_id,
                    Proposal.status == "published",
                    Comment.status == "published",
                )
            )
        )
        .scalars()
        .all()
    )
    people = await _people(session, process_id)
    offline = [p for p in proposals if p.author_id is None]
    ballots = await ballot_people(session, process_id)
    offline_votes = await offline_votes_by_channel(session, process_id)
    channels = Counter(proposal_channel(p.author_id, p.channel) for p in proposals)
    districts: dict[str | None, str] = {
        code: name
        for code, name in (
            await session.execute(
                select(District.code, District.name_ja).order_by(District.position)
            )
        ).all()
    }
    districts[None] = UNKNOWN
    ages: dict[str | None, str] = AGE_LABELS | {None: UNKNOWN}
    weeks: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for p in proposals:
        weeks[_week(p.created_at)][0] += 1
    for moment in comment_times:
        weeks[_week(moment)][1] += 1
    if weeks:  # every week between the first and the last, so the chart has no gaps
        week, last = min(weeks), max(weeks)
        while week <= last:
            weeks.setdefault(week, [0, 0])
            week += timedelta(days=7)
    return doc.Participation(
        len(people) + len(offline) + len(ballots),
        len(proposals),
        sum(p.votes for p in people.values()) + sum(offline_votes.values()),
        len(comment_times),
        [
            _channel_breakdown(
                people, channels, Counter(b.channel for b in ballots), offline_votes
            ),
            _breakdown("地区別", "地区", districts, people, offline, "district", ballots),
            _breakdown("年代別", "年代", ages, people, offline, "age", ballots),
            _breakdown(
                "本人確認の段階別", "本人確認", LEVEL_ROWS, people, offline, "level", ballots
            ),
        ],
        [doc.WeekCount(w, *weeks[w]) for w in sorted(weeks)],
    ), channels
