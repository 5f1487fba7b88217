"""What an import keeps of its source: the import itself (出典), each proposal's id and
heading there. Votes cast there (Pol.is) are ballots of anonymous offline participants
(``votes/ballots.py``), each with its participant id there as ``external_ref``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.database import Base, BigId, UTCDateTime, utcnow


class ConsultationImport(Base):
    """One earlier consultation (過去の意見募集) imported as the process ``process_id``."""

    __tablename__ = "consultation_imports"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    process_id: Mapped[int] = mapped_column(
        ForeignKey("processes.id", ondelete="CASCADE"), index=True
    )
    format: Mapped[str] = mapped_column(String(16))
    filename: Mapped[str] = mapped_column(String(255))
    votes_filename: Mapped[str] = mapped_column(String(255), default="")
    # 出典: where the data came from (the ministry's page, the Pol.is conversation…)
    source: Mapped[str] = mapped_column(String(500), default="")
    mapping: Mapped[dict[str, Any]] = mapped_column(JSON)
    proposal_count: Mapped[int] = mapped_column(Integer, default=0)
    vote_count: Mapped[int] = mapped_column(Integer, default=0)
    participant_count: Mapped[int] = mapped_column(Integer, default=0)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ImportedProposal(Base):
    """Where an imported proposal came from: its row in the file, its id and heading there."""

    __tablename__ = "imported_proposals"

    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True
    )
    import_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_imports.id", ondelete="CASCADE"), index=True
    )
    line: Mapped[int] = mapped_column(Integer)
    original_id: Mapped[str] = mapped_column(String(100))
    original_label: Mapped[str | None] = mapped_column(String(300), nullable=True)
