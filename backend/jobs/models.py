"""The columns every durable job row shares, whatever the kind (an analysis run, an export).

The row is the job's truth: the queue (PgQueuer, or the in-process runner) only says "job #N
of this kind is waiting"; claiming, heartbeats, attempts and the recovery sweep read and write
these columns (``jobs/runner.py``, ``jobs/recovery.py``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.database import BigId, UTCDateTime, utcnow


class JobColumns:
    """queued → running → succeeded / failed (/ cancelled where the kind allows it)."""

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    stage: Mapped[str] = mapped_column(String(40), default="queued")
    progress: Mapped[int] = mapped_column(Integer, default=0)  # 0–100
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # written every few seconds by the runner while the job runs; an old one means its runner
    # died (recovery.py)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
