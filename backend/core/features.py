"""Feature manifests: each ``backend/<feature>/manifest.py`` declares, in one ``FEATURE``,
everything the rest of the app needs to know about that feature (after Decidim's
``register_component``).

The shared modules read the manifests instead of listing features themselves: ``create_app``
takes routes, dependencies, state objects and background workers from them, ``backend/models``
the model modules, ``core/read_cache.py`` the public reads, ``processes/phases.py`` the actions
per phase, ``core/ratelimit.py`` the rules and their messages. Adding a feature therefore
touches only its own folder (``docs/architecture.md``, "Adding a feature").

Discovery walks ``backend``'s sub-packages for a ``manifest`` module rather than keeping a list
here: a list is one more shared file every new feature edits, which is what this removes. It
runs once, lazily, the first time someone asks (importing a manifest imports its controllers,
which import half the tree, so it must not run while those modules are being imported).
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import pkgutil
from collections.abc import Awaitable, Callable, Coroutine, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from litestar.di import Provide
from litestar.types import ControllerRouterHandler

from backend.core.app_state import StateKey
from backend.core.jobs import BackgroundLoop, JobKind

if TYPE_CHECKING:
    from litestar import Litestar

    from backend.core.config import Settings
    from backend.core.database import Database

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class PhaseAction:
    """Something residents (or staff for them) do that a process's phase allows or not."""

    name: str
    phases: frozenset[str]  # where it is allowed (``processes/phases.py`` lists the phases)
    words: str  # completes "it is not possible to … now", e.g. "post new proposals"


@dataclass(frozen=True)
class RateLimit:
    """A rate-limit rule: at most ``limit`` events per ``window`` seconds per subject, and the
    sentence a refused person reads (``core/ratelimit.py`` adds the wait). A
    ``KYOSO_RATE_LIMIT_<NAME>`` override needs a ``Settings`` field named
    ``rate_limit_<name>``; without one the rule is fixed."""

    name: str
    limit: int
    window: int
    message: str


@dataclass(frozen=True)
class AppObject(Generic[T]):
    """An object each API process keeps on ``app.state``, made from the settings."""

    key: StateKey[T]
    make: Callable[[Settings], T]


@dataclass(frozen=True)
class DatabaseClient(Generic[T]):
    """An object each API process keeps open on the database, on ``app.state``; ``close`` runs
    at shutdown (and in ``close_database_clients`` for tests without a lifespan)."""

    key: StateKey[T]
    open: Callable[[Database], T]
    close: Callable[[T], Awaitable[None]] | None = None


class HookPoint(Generic[F]):
    """A call a feature makes into a feature above it, which implements it in its manifest
    (``Feature.hooks``): the caller names only the point, so the layers keep pointing down.
    Exactly one feature implements a point."""

    def __init__(self, name: str) -> None:
        self.name = name

    def implemented_by(self, implementation: F) -> Hook[F]:
        return Hook(self, implementation)

    @functools.cached_property
    def implementation(self) -> F:
        found = [
            hook.implementation
            for feature in all_features()
            for hook in feature.hooks
            if hook.point is self
        ]
        if len(found) != 1:
            raise LookupError(
                f"{len(found)} features implement the hook {self.name!r}; exactly one must."
            )
        return found[0]


@dataclass(frozen=True)
class Hook(Generic[F]):
    point: HookPoint[F]
    implementation: F


Lifespan = Callable[["Litestar"], AbstractAsyncContextManager[None]]
Worker = Callable[["Litestar"], Coroutine[Any, Any, None]]


@dataclass(frozen=True)
class Feature:
    """What one ``backend/<feature>/`` offers the app."""

    name: str
    routes: Sequence[ControllerRouterHandler] = ()
    models: Sequence[str] = ()  # modules defining ORM models (complete metadata: Alembic, tests)
    dependencies: Mapping[str, Provide] = field(default_factory=dict)  # by name, app-wide
    state: Sequence[AppObject[Any]] = ()
    database_clients: Sequence[DatabaseClient[Any]] = ()
    phase_actions: Sequence[PhaseAction] = ()
    rate_limits: Sequence[RateLimit] = ()
    # GET paths as the routes spell them ("/api/v1/proposals/{proposal_id:int}") whose
    # anonymous answers are the same for everyone (core/read_cache.py)
    public_reads: Sequence[str] = ()
    hooks: Sequence[Hook[Any]] = ()
    configure: Sequence[Callable[[Settings], None]] = ()  # once per app, from its settings
    lifespans: Sequence[Lifespan] = ()  # around every app's life (tests' apps too)
    # run while an app that owns its database serves, in embedded mode only (one process
    # does everything; in production ``kyoso worker`` does this work)
    embedded_workers: Sequence[Worker] = ()
    # its kinds of background job (``core/jobs.py``) and the loops that run wherever jobs run
    # (the mail sender): ``kyoso worker`` on PostgreSQL, the in-process runner on SQLite
    job_kinds: Sequence[JobKind] = ()
    background_loops: Sequence[BackgroundLoop] = ()


MANIFEST = "manifest"


@functools.cache
def all_features() -> tuple[Feature, ...]:
    """Every ``backend/<package>/manifest.py``'s ``FEATURE``, by name."""
    import backend

    features = []
    for package in pkgutil.iter_modules(backend.__path__):
        module_name = f"backend.{package.name}.{MANIFEST}"
        if package.ispkg and importlib.util.find_spec(module_name) is not None:
            features.append(importlib.import_module(module_name).FEATURE)
    return tuple(sorted(features, key=lambda feature: feature.name))


def import_models() -> None:
    """Import every feature's model modules, so that ``Base.metadata`` knows every table."""
    for feature in all_features():
        for module in feature.models:
            importlib.import_module(module)
