"""Districts of the city (地区), processes (取組) and their phases."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.core.database import Base, BigId, UTCDateTime, utcnow
from backend.processes.channels import ALL_CHANNELS, Channel, channels_from_column
from backend.processes.phases import Phase
from backend.verification.levels import Level


class District(Base):
    __tablename__ = "districts"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name_ja: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(Integer, default=0)


class Process(Base):
    __tablename__ = "processes"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title_ja: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200), default="")
    description_ja: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    phase: Mapped[Phase] = mapped_column(String(16), default="ideas")
    # where proposals may come in (受付経路), comma-separated: see processes/channels.py
    channels: Mapped[str] = mapped_column(
        String(64), default=ALL_CHANNELS, server_default=ALL_CHANNELS
    )
    # archived (アーカイブ): out of the public list, read-only until a planner restores it
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # the last 受付番号 sequence handed out for offline submissions (proposals/references.py)
    last_reference_seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # the number of the last paper ballot entered (紙票-0012: votes/ballots.py)
    last_ballot_seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # landmarks (ランドマーク) a planner lists, one per line: taken out of the text before the
    # theme analysis, as the districts' names are (backend/analysis/runner.py)
    landmarks: Mapped[str] = mapped_column(Text, default="", server_default="")
    # the least verification tier (本人確認の段階) to post a proposal and to vote: none, email,
    # postcard or counter (backend/verification/levels.py)
    min_level_to_propose: Mapped[Level] = mapped_column(
        String(16), default="none", server_default="none"
    )
    min_level_to_vote: Mapped[Level] = mapped_column(
        String(16), default="none", server_default="none"
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    phases: Mapped[list[ProcessPhase]] = relationship(
        order_by="ProcessPhase.position", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def acting_phase(self) -> str:
        """The phase whose rules apply to residents' actions: none while archived."""
        return "archived" if self.archived_at is not None else self.phase

    @property
    def channel_list(self) -> list[Channel]:
        return channels_from_column(self.channels)

    @property
    def landmark_list(self) -> list[str]:
        return landmark_names(self.landmarks)


def landmark_names(stored: str) -> list[str]:
    """The landmarks of ``processes.landmarks`` (one per line)."""
    return [name for name in stored.split("\n") if name]


class ProcessPhase(Base):
    """The planned dates of one phase of a process."""

    __tablename__ = "process_phases"
    __table_args__ = (UniqueConstraint("process_id", "phase"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    phase: Mapped[Phase] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(Integer)
    starts_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    ends_on: Mapped[date | None] = mapped_column(Date, nullable=True)
