"""Approvals (決裁): a planner's submission of what residents will see, decided by a second
staff member."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.database import Base, BigId, UTCDateTime, utcnow


class Approval(Base):
    """One submission: the object (themes of a run, a phase change, a draft version, a
    response), the preview residents would see and its hash; approving publishes it."""

    __tablename__ = "approvals"
    __table_args__ = (Index("ix_approvals_process_status", "process_id", "status"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    # themes | phase | draft | response | theme_responses
    object_type: Mapped[str] = mapped_column(String(16))
    object_id: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(40), default="")  # the phase, the draft version
    title: Mapped[str] = mapped_column(String(300), default="")
    preview: Mapped[dict[str, Any]] = mapped_column(JSON)
    payload_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="submitted")
    submitted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    comment: Mapped[str] = mapped_column(Text, default="")
