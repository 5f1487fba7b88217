"""The city's responses (市の考え方) to themes, proposals and draft comments, with a reflection
status."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.database import Base, BigId, UTCDateTime, utcnow
from backend.responses.schemas import ReflectionStatus, ResponseTarget


class CityResponse(Base):
    __tablename__ = "city_responses"
    __table_args__ = (UniqueConstraint("process_id", "target_type", "target_key"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    target_type: Mapped[ResponseTarget] = mapped_column(String(16))
    # "<run id>:<theme key>", the proposal id, or the draft comment id
    target_key: Mapped[str] = mapped_column(String(60))
    summary: Mapped[str] = mapped_column(Text)  # 意見の概要
    response: Mapped[str] = mapped_column(Text)  # 市の考え方
    status: Mapped[ReflectionStatus] = mapped_column(String(24))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # what residents read: the copy approved last (決裁済み); edits stay internal until the
    # next approval
    published_summary: Mapped[str | None] = mapped_column(Text, nullable=True)
    published_response: Mapped[str | None] = mapped_column(Text, nullable=True)
    published_status: Mapped[ReflectionStatus | None] = mapped_column(String(24), nullable=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
