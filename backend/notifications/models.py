"""Notices (お知らせ) for residents and what each resident wants to receive by e-mail."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.database import Base, BigId, UTCDateTime, utcnow


class NotificationPreference(Base):
    """One person's choices; no row means the defaults (every kind, one e-mail each)."""

    __tablename__ = "notification_preferences"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    answers: Mapped[bool] = mapped_column(Boolean, default=True)  # the city answered my proposal
    replies: Mapped[bool] = mapped_column(Boolean, default=True)  # a reply to my comment
    drafts: Mapped[bool] = mapped_column(Boolean, default=True)  # the plan published or open
    daily_digest: Mapped[bool] = mapped_column(Boolean, default=False)  # one e-mail a day


class Notice(Base):
    """Something that happened for one person, written in the transaction that caused it; the
    mail sender turns it into an e-mail (at once, or in the next daily digest)."""

    __tablename__ = "notices"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(24))  # a NoticeKind (notifications/schemas.py)
    title: Mapped[str] = mapped_column(String(300))  # the proposal's or process's title
    link: Mapped[str] = mapped_column(String(500))  # a path of the SPA, e.g. /proposals/12
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    mailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
