"""The job contract: the columns every durable job row shares, and a kind of background job
(its name, its rows, the handler that does the work).

The row is the job's truth: the queue (PgQueuer, or the in-process runner) only says "job #N
of this kind is waiting"; claiming, heartbeats, attempts and the recovery sweep read and write
these columns (``backend/jobs/runner.py``, ``recovery.py``). The runner, the queue and the
sweep know jobs only through this; a feature declares its kinds in its manifest
(``Feature.job_kinds``), which is why the contract lives in ``core``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.config import Settings
from backend.core.database import BigId, Database, UTCDateTime, utcnow

JobStatus = Literal["queued", "running", "succeeded", "failed", "cancelled"]


class JobColumns:
    """queued → running → succeeded / failed (/ cancelled where the kind allows it)."""

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    status: Mapped[JobStatus] = mapped_column(String(16), default="queued")
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


class JobCancelled(Exception):
    """Raised by a handler when the job was cancelled while it ran (the runner records it)."""


@dataclass(frozen=True)
class JobKind:
    """``run(database, job_id)`` does the work of a claimed job and writes its success (the
    result and ``status="succeeded"`` in one transaction); the runner records a failure or a
    cancellation. ``table`` is the kind's durable rows (with ``JobColumns``); a kind without
    one is an idempotent rebuild whose caller asks again when it is lost (the similar-proposal
    index): it is run, timed and logged, never claimed nor recovered."""

    name: str
    run: Callable[[Database, int], Awaitable[None]]
    table: type[JobColumns] | None = None

    @property
    def entrypoint(self) -> str:
        """Its PgQueuer entrypoint."""
        return f"kyoso_{self.name}"


JobKinds = Mapping[str, JobKind]
# a loop that runs wherever jobs run, forever (the mail sender): the runner only starts it
BackgroundLoop = Callable[[Database, Settings], Coroutine[object, object, None]]


def job_registry(kinds: Iterable[JobKind]) -> JobKinds:
    """The kinds keyed by name; a name may appear once."""
    registry: dict[str, JobKind] = {}
    for kind in kinds:
        if kind.name in registry:
            raise ValueError(f"two job kinds are named {kind.name!r}")
        registry[kind.name] = kind
    return registry
