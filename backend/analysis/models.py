"""Analysis runs (分析), their immutable results, and the planners' edits on top."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.database import Base, BigId, UTCDateTime, utcnow
from backend.core.jobs import JobColumns

RUN_ACTIVE = ("queued", "running")
RUN_FINISHED = ("succeeded", "failed", "cancelled")


class AnalysisRun(JobColumns, Base):
    """A durable job (``core/jobs.py``): queued → running → succeeded / failed / cancelled."""

    __tablename__ = "analysis_runs"
    __table_args__ = (
        Index("ix_analysis_runs_process_status", "process_id", "status"),
        # one queued-or-running run per process, enforced by the database itself
        Index(
            "uq_analysis_runs_one_active",
            "process_id",
            unique=True,
            postgresql_where=text("status IN ('queued', 'running')"),
            sqlite_where=text("status IN ('queued', 'running')"),
        ),
    )

    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    backend: Mapped[str | None] = mapped_column(String(40), nullable=True)
    model: Mapped[str | None] = mapped_column(String(200), nullable=True)
    input_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    metrics: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # the last theme edit residents see, set when the themes' approval is granted (null: none,
    # the run as computed); later edits wait for the next approval (analysis/themes.py)
    published_edit_id: Mapped[int | None] = mapped_column(BigId, nullable=True)


class AnalysisResult(Base):
    """The whole immutable output of ``ml.analyse`` for a run (near-duplicates, opinions…)."""

    __tablename__ = "analysis_results"

    run_id: Mapped[int] = mapped_column(
        ForeignKey("analysis_runs.id", ondelete="CASCADE"), primary_key=True
    )
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)


class Theme(Base):
    """A theme (テーマ) as the run produced it; ``key`` is stable within the run (t3, t3.2)."""

    __tablename__ = "themes"
    __table_args__ = (Index("ix_themes_run_key", "run_id", "key", unique=True),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("analysis_runs.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(40))
    level: Mapped[int] = mapped_column(Integer)
    parent_key: Mapped[str | None] = mapped_column(String(40), nullable=True)
    title: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200), default="", server_default="")
    summary: Mapped[str] = mapped_column(Text, default="", server_default="")
    keywords: Mapped[list[Any]] = mapped_column(JSON, default=list)
    representative_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    size: Mapped[int] = mapped_column(Integer)
    is_other: Mapped[bool] = mapped_column(Boolean, default=False)
    x: Mapped[float] = mapped_column(Float, default=0.0)
    y: Mapped[float] = mapped_column(Float, default=0.0)


class ThemeAssignment(Base):
    __tablename__ = "theme_assignments"

    run_id: Mapped[int] = mapped_column(
        ForeignKey("analysis_runs.id", ondelete="CASCADE"), primary_key=True
    )
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    theme_key: Mapped[str] = mapped_column(String(40))
    subtheme_key: Mapped[str] = mapped_column(String(40))
    theme_score: Mapped[float] = mapped_column(Float)
    subtheme_score: Mapped[float] = mapped_column(Float)
    x: Mapped[float] = mapped_column(Float)
    y: Mapped[float] = mapped_column(Float)
    duplicate_group: Mapped[int | None] = mapped_column(Integer, nullable=True)


class ThemeEdit(Base):
    """One planner edit (rename, summary, merge, split, move, exclude, include) on a run."""

    __tablename__ = "theme_edits"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("analysis_runs.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CachedEmbedding(Base):
    """Embeddings keyed by (backend, model, content hash): re-runs embed only new text."""

    __tablename__ = "embedding_cache"

    backend: Mapped[str] = mapped_column(String(40), primary_key=True)
    model: Mapped[str] = mapped_column(String(200), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    dim: Mapped[int] = mapped_column(Integer)
    vector: Mapped[bytes] = mapped_column(LargeBinary)


class SimilarIndex(Base):
    """The similar-proposal index of a process (「似た意見」): built and extended by the job
    worker from the embedding cache, loaded by every API process (backend/analysis/similar.py).
    In the database, not a file, so that API processes and ``kyoso worker`` on other machines
    share it. Its vectors are ``SimilarVector`` rows: an extension writes only the new ones."""

    __tablename__ = "similar_indexes"

    process_id: Mapped[int] = mapped_column(
        ForeignKey("processes.id", ondelete="CASCADE"), primary_key=True
    )
    backend: Mapped[str] = mapped_column(String(40))
    model: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(Integer)
    # the highest proposal id of the process when the last build or extension began
    covers_through_id: Mapped[int] = mapped_column(BigId, default=0)
    # when the vectors were last replaced as a whole: an API process holding an older full
    # build reloads, one holding this build only reads the rows past its own covers_through_id
    built_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SimilarVector(Base):
    """One proposal's vector in its process's similar-proposal index (float32 bytes)."""

    __tablename__ = "similar_vectors"

    process_id: Mapped[int] = mapped_column(
        ForeignKey("similar_indexes.process_id", ondelete="CASCADE"), primary_key=True
    )
    proposal_id: Mapped[int] = mapped_column(BigId, primary_key=True)
    vector: Mapped[bytes] = mapped_column(LargeBinary)
