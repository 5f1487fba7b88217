"""Export jobs (書き出し): a requested file, its progress, and the finished file itself.

The finished file is kept in the database so that any API process can serve the download,
whichever process generated it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column

from backend.core.database import Base
from backend.core.jobs import JobColumns
from backend.exports.schemas import ExportFormatName


class ExportJob(JobColumns, Base):
    """A durable job (``core/jobs.py``): queued → running → succeeded / failed."""

    __tablename__ = "export_jobs"
    __table_args__ = (Index("ix_export_jobs_process_id_id", "process_id", "id"),)

    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    format: Mapped[ExportFormatName] = mapped_column(String(40))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    filename: Mapped[str | None] = mapped_column(String(200), nullable=True)
    media_type: Mapped[str | None] = mapped_column(String(120), nullable=True)
    size: Mapped[int | None] = mapped_column(Integer, nullable=True)
    sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    content: Mapped[bytes | None] = deferred(mapped_column(LargeBinary, nullable=True))
