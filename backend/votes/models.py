"""Votes (賛成・反対・パス): one changeable vote per resident per proposal online, plus the votes
that arrive offline — tally sheets (集計表) of a meeting's show of hands, and paper ballots
(紙の投票用紙) of anonymous participants who have no account."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.database import Base, BigId, UTCDateTime, utcnow
from backend.proposals.schemas import OfflineChannel
from backend.users.roles import AgeBand
from backend.votes.offline_schemas import BallotChannel


class Vote(Base):
    __tablename__ = "votes"
    __table_args__ = (UniqueConstraint("proposal_id", "user_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    value: Mapped[int] = mapped_column(SmallInteger)  # +1 agree, -1 disagree, 0 pass
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class TallySheet(Base):
    """A tally sheet (集計表): counts for one proposal from one offline channel, e.g. the show
    of hands at a meeting, typed in by staff. Its counts are part of the proposal's tallies
    (``votes/offline_tallies.py``); every entry, edit and removal is in the audit log."""

    __tablename__ = "tally_sheets"
    __table_args__ = (
        CheckConstraint(
            "agree_count >= 0 AND disagree_count >= 0 AND pass_count >= 0",
            name="counts_not_negative",
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    process_id: Mapped[int] = mapped_column(
        ForeignKey("processes.id", ondelete="CASCADE"), index=True
    )
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    channel: Mapped[OfflineChannel] = mapped_column(String(16))
    agree_count: Mapped[int] = mapped_column(Integer)
    disagree_count: Mapped[int] = mapped_column(Integer)
    pass_count: Mapped[int] = mapped_column(Integer)
    # the meeting or batch the counts come from (例: 「中央公民館 説明会」) and its day
    label: Mapped[str | None] = mapped_column(String(120), nullable=True)
    held_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class OfflineParticipant(Base):
    """An anonymous offline participant (匿名の参加者): the person behind one paper ballot
    (紙票-0012), or one imported from elsewhere (``external_ref``). No account, no name; the
    analysis treats them as a participant of their own (``BallotVote``)."""

    __tablename__ = "offline_participants"
    __table_args__ = (
        UniqueConstraint("process_id", "number", name="uq_offline_participants_number"),
        UniqueConstraint("process_id", "external_ref", name="uq_offline_participants_ref"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    process_id: Mapped[int] = mapped_column(
        ForeignKey("processes.id", ondelete="CASCADE"), index=True
    )
    # a sequence per process (processes.last_ballot_seq); label is what staff write on the sheet
    number: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(40))
    channel: Mapped[BallotChannel] = mapped_column(String(16))
    district_code: Mapped[str | None] = mapped_column(ForeignKey("districts.code"), nullable=True)
    age_band: Mapped[AgeBand | None] = mapped_column(String(16), nullable=True)
    received_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # where an imported participant came from (例: "polis:42"), unique per process
    external_ref: Mapped[str | None] = mapped_column(String(80), nullable=True)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class BallotVote(Base):
    """One vote on an offline participant's ballot: +1 agree, -1 disagree, 0 pass."""

    __tablename__ = "ballot_votes"

    participant_id: Mapped[int] = mapped_column(
        ForeignKey("offline_participants.id", ondelete="CASCADE"), primary_key=True
    )
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    value: Mapped[int] = mapped_column(SmallInteger)
