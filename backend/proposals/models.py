"""Proposals (意見・提案) with denormalised tallies for fast lists."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.core.database import Base, BigId, UTCDateTime, utcnow


class Proposal(Base):
    __tablename__ = "proposals"
    __table_args__ = (
        Index("ix_proposals_process_status_id", "process_id", "status", "id"),
        Index("ix_proposals_process_agree", "process_id", "agree_count", "id"),
        Index("ix_proposals_process_comments", "process_id", "comment_count", "id"),
        UniqueConstraint("process_id", "reference_number", name="uq_proposals_reference"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True, index=True)
    # Proxy entry (代理入力): the staff member who typed in a paper/meeting/phone submission.
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    submitter_name: Mapped[str | None] = mapped_column(String(80), nullable=True)
    submitter_age_band: Mapped[str | None] = mapped_column(String(16), nullable=True)
    # 受付日 and 受付番号 of an offline submission (proposals/references.py); none online
    received_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    reference_number: Mapped[str | None] = mapped_column(String(24), nullable=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    # none only for an offline submission whose form named no district
    district_code: Mapped[str | None] = mapped_column(ForeignKey("districts.code"), nullable=True)
    language: Mapped[str] = mapped_column(String(8), default="ja")
    channel: Mapped[str] = mapped_column(String(16), default="online")
    status: Mapped[str] = mapped_column(String(16), default="published")
    status_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    # Normalised, segmented text for Japanese-aware search (see proposals/search.py).
    search_text: Mapped[str] = mapped_column(Text, default="")
    agree_count: Mapped[int] = mapped_column(Integer, default=0)
    disagree_count: Mapped[int] = mapped_column(Integer, default=0)
    pass_count: Mapped[int] = mapped_column(Integer, default=0)
    # the part of the three counts above that came offline (tally sheets and paper ballots,
    # votes/offline_tallies.py): the same row, so lists show "12 (5 offline)" with no join
    offline_agree_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    offline_disagree_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    offline_pass_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    comment_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    tags: Mapped[list[ProposalTag]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ProposalTag.tag"
    )


class ProposalTag(Base):
    __tablename__ = "proposal_tags"

    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)


class ProposalImage(Base):
    """A photo on a proposal (提案の写真), at most three (positions 0-2); the bytes live in the
    blob store (``core/storage.py``) under ``key`` (``.webp`` and ``.thumb.webp``)."""

    __tablename__ = "proposal_images"
    __table_args__ = (
        UniqueConstraint("proposal_id", "position"),
        CheckConstraint("position BETWEEN 0 AND 2", name="position_range"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(200))
    alt: Mapped[str] = mapped_column(String(200))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    bytes: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
