"""A kind of background job: its name, its durable rows, and the handler that does the work.

The runner (``runner.py``), the queue (``queue.py``) and the recovery sweep (``recovery.py``)
know jobs only through this; which kinds exist is declared once, in ``backend/job_kinds.py``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine, Iterable, Mapping
from dataclasses import dataclass

from backend.core.config import Settings
from backend.core.database import Database
from backend.jobs.models import JobColumns


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
