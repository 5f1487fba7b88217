"""Postcard codes (郵送の確認コード) and the history of each account's verification tier."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.database import Base, BigId, UTCDateTime, utcnow


class PostcardBatch(Base):
    """One printing of postcards: who made it, how many codes, until when they work. The
    names and addresses it was printed for are not kept (docs/privacy.md)."""

    __tablename__ = "postcard_batches"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    label: Mapped[str] = mapped_column(String(120), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    code_count: Mapped[int] = mapped_column(Integer)


class PostcardCode(Base):
    """A single-use code; only its SHA-256 is stored, so the table cannot print a postcard."""

    __tablename__ = "postcard_codes"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    batch_id: Mapped[int] = mapped_column(
        ForeignKey("postcard_batches.id", ondelete="CASCADE"), index=True
    )
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    used_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )


class VerificationEvent(Base):
    """One change of an account's granted tier: a postcard code, a counter check, a revocation
    (``level`` None)."""

    __tablename__ = "verification_events"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    level: Mapped[str | None] = mapped_column(String(16), nullable=True)
    method: Mapped[str] = mapped_column(String(16))  # postcard, counter, revoked
    note: Mapped[str] = mapped_column(String(500), default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("postcard_batches.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
