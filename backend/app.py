"""``create_app()``: the one place where the Litestar application is assembled."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from litestar import Litestar
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin, SwaggerRenderPlugin

from backend.core.app_state import CSRF, DATABASE, RATE_LIMITER, SETTINGS, STORAGE
from backend.core.config import Settings, load_settings
from backend.core.csrf import SessionCsrf, session_csrf_middleware
from backend.core.database import Database
from backend.core.dependencies import dependencies
from backend.core.errors import exception_handlers
from backend.core.features import Feature, all_features, import_models
from backend.core.headers import add_security_headers
from backend.core.health import health, ready
from backend.core.input_hygiene import screen_request
from backend.core.metrics import metrics_routes
from backend.core.openapi import (
    ClosedStructSchemaPlugin,
    document_problem_responses,
    operation_id,
)
from backend.core.ratelimit import make_rate_limiter
from backend.core.read_cache import read_cache_middleware
from backend.core.security import set_password_hash_threads
from backend.core.spa import spa_route
from backend.core.storage import FileStore
from backend.core.structured_logs import (
    add_request_id_header,
    configure_logging,
    request_id_middleware,
)
from backend.core.time_limit import request_time_limit
from backend.users.auth import SessionAuthMiddleware


def create_app(settings: Settings | None = None, database: Database | None = None) -> Litestar:
    """The application; pass ``database`` to share an engine the caller owns (tests, workers).
    Routes, dependencies, state objects and workers come from the features' manifests
    (``core/features.py``)."""
    settings = settings or load_settings()
    features = all_features()
    import_models()
    configure_logging(settings.log_format, logging.DEBUG if settings.debug else logging.INFO)
    for feature in features:
        for configure in feature.configure:
            configure(settings)
    metrics_handlers, metrics_middleware = metrics_routes(settings)

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        async with contextlib.AsyncExitStack() as stack:
            for feature in features:
                for feature_lifespan in feature.lifespans:
                    await stack.enter_async_context(feature_lifespan(app))
            async with _serve(app):
                yield

    @asynccontextmanager
    async def _serve(app: Litestar) -> AsyncIterator[None]:
        if database is not None:
            try:
                yield
            finally:
                await close_database_clients(app)
            return
        _attach_database(app, Database(settings))
        _freeze_startup_objects()
        workers = []
        if settings.runs_worker_in_process:  # embedded mode: this process does everything
            workers = [
                asyncio.create_task(worker(app))
                for feature in features
                for worker in feature.embedded_workers
            ]
        try:
            yield
        finally:
            for task in workers:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await close_database_clients(app)
            await DATABASE.get(app).dispose()

    route_handlers: list[Any] = [
        health,
        ready,
        *metrics_handlers,
        *(route for feature in features for route in feature.routes),
    ]
    if (settings.frontend_dir / "index.html").exists():
        route_handlers.append(spa_route(settings.frontend_dir))
    public_reads = [path for feature in features for path in feature.public_reads]

    app = Litestar(
        route_handlers=route_handlers,
        dependencies={**dependencies, **_feature_dependencies(features)},
        exception_handlers=exception_handlers,
        before_send=[add_security_headers, add_request_id_header],
        # the root logger is ours (configure_logging above): Litestar's default config would
        # replace its handler with a text one, and KYOSO_LOG_FORMAT=json would be lost
        logging_config=None,
        before_request=screen_request,
        lifespan=[lifespan],
        middleware=[
            request_id_middleware,
            *metrics_middleware,
            request_time_limit(settings.request_timeout_seconds),
            session_csrf_middleware,  # outside the read cache: cached GETs hand out tokens too
            read_cache_middleware(settings.read_cache_seconds, public_reads),
            DefineMiddleware(SessionAuthMiddleware, exclude=["^/health$", "^/ready$"]),
        ],
        openapi_config=OpenAPIConfig(
            title="Kyoso API",
            version="1",
            path="/api/docs",
            description="Resident co-creation platform. Cookie sessions; unsafe methods need the "
            "csrftoken cookie echoed in the X-CSRFToken header.",
            render_plugins=[SwaggerRenderPlugin(path="/"), JsonRenderPlugin(path="/openapi.json")],
            operation_id_creator=operation_id,
        ),
        request_max_body_size=1_000_000,
        plugins=[ClosedStructSchemaPlugin()],
        debug=False,
    )
    document_problem_responses(app)
    SETTINGS.set(app, settings)
    CSRF.set(app, SessionCsrf(settings.secret_key, settings.cookie_secure))
    set_password_hash_threads(settings.password_hash_threads)
    STORAGE.set(app, FileStore(settings.data_dir / "media"))  # see core/storage.py
    RATE_LIMITER.set(app, make_rate_limiter(app.state, settings))
    for feature in features:
        for state_object in feature.state:
            state_object.key.set(app, state_object.make(settings))
    if database is not None:
        _attach_database(app, database)
    return app


def _feature_dependencies(features: tuple[Feature, ...]) -> dict[str, Any]:
    """The features' app-wide dependencies; two features offering one name is a mistake."""
    provided: dict[str, Any] = {}
    for feature in features:
        for name, provider in feature.dependencies.items():
            if name in provided or name in dependencies:
                raise ValueError(f"The dependency {name!r} of {feature.name} is already taken.")
            provided[name] = provider
    return provided


def create_served_app() -> Any:
    """What each ``kyoso serve`` process runs: the app, and behind a reverse proxy (whose
    addresses KYOSO_FORWARDED_ALLOW_IPS names) the resident's address from X-Forwarded-For, so
    that rate limits per address count residents, not the proxy."""
    settings = load_settings()
    app = create_app(settings)
    if not settings.forwarded_allow_ips:
        return app
    from granian.utils.proxies import wrap_asgi_with_proxy_headers

    return wrap_asgi_with_proxy_headers(app, settings.forwarded_allow_ips)


GC_THRESHOLDS = (20_000, 20, 50)  # fewer, larger young collections under request churn


def _freeze_startup_objects() -> None:
    """Move everything built at start-up (routes, schemas, SQLAlchemy mappers: several
    hundred thousand objects) out of the garbage collector's reach. Full collections then
    scan only request garbage; before, each one paused the event loop for tens of
    milliseconds, which was the read benchmark's p99."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def _attach_database(app: Litestar, database: Database) -> None:
    """The database and what each API process keeps open on it (the features' clients)."""
    DATABASE.set(app, database)
    for feature in all_features():
        for client in feature.database_clients:
            client.key.set(app, client.open(database))


async def close_database_clients(app: Litestar) -> None:
    """Close what the features keep open on the database (the vote writer, the session lookup,
    …) and the rate-limit counters' connections (the lifespan does this; tests that drive the
    app without a lifespan call it themselves)."""
    for feature in all_features():
        for client in feature.database_clients:
            if client.close is not None:
                await client.close(client.key.get(app))
    await RATE_LIMITER.get(app).store.close()
