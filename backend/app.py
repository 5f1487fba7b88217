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

from backend.analysis.controllers import AnalysisRunController, ProcessAnalysisController
from backend.analysis.similar import SimilarProposals
from backend.approvals.controllers import ApprovalController, ProcessApprovalsController
from backend.audit.controllers import AuditController
from backend.comments.controllers import CommentController
from backend.core.config import Settings, load_settings
from backend.core.csrf import SessionCsrf, session_csrf_middleware
from backend.core.database import Database
from backend.core.dependencies import dependencies
from backend.core.errors import exception_handlers
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
from backend.drafts.controllers import DraftController, ProcessDraftsController
from backend.exports.controllers import ExportController, ProcessExportsController
from backend.exports.fonts import choose_export_fonts
from backend.imports.controllers import ImportController
from backend.jobs.embedded import run_embedded_worker
from backend.jobs.queue import InProcessQueue, PgQueuerQueue
from backend.mail.controllers import AccountMailController
from backend.mail.sender import run_mail_sender
from backend.moderation.controllers import (
    ModerationController,
    report_comment,
    report_proposal,
)
from backend.notifications.controllers import MyNotificationsController, UnsubscribeController
from backend.oidc.controllers import OidcController, OidcProviders
from backend.processes.controllers import DistrictController, ProcessController
from backend.proposals.controllers import (
    ProcessProposalsController,
    ProposalController,
    ProposalImagesController,
)
from backend.proposals.proxy_controllers import ProxyEntryController
from backend.proposals.reads import ProposalReads
from backend.readings.controllers import read_texts
from backend.responses.controllers import (
    bulk_response,
    list_responses,
    response_worklist,
    save_response,
)
from backend.site.consent import CurrentConsent
from backend.site.controllers import AdminSiteController, SiteController, give_consent
from backend.stats.controllers import planner_activity, process_stats
from backend.users.auth import SessionAuthMiddleware
from backend.users.controllers import AdminUsersController, AuthController
from backend.users.session_lookup import SessionLookup
from backend.verification.controllers import VerificationController
from backend.votes.controllers import cast_vote, retract_vote
from backend.votes.offline_controllers import OfflineVotesController, vote_breakdown
from backend.votes.writer import VoteWriter
from backend.workshops.controllers import ProcessWorkshopsController, WorkshopNotesController

ROUTES = [
    health,
    ready,
    DistrictController,
    ProcessController,
    ProcessProposalsController,
    ProxyEntryController,
    ProposalController,
    ProposalImagesController,
    cast_vote,
    retract_vote,
    OfflineVotesController,
    vote_breakdown,
    CommentController,
    report_proposal,
    report_comment,
    ModerationController,
    AuthController,
    AdminUsersController,
    AuditController, ProcessAnalysisController, AnalysisRunController,
    ProcessDraftsController, DraftController, list_responses, save_response, process_stats,
    planner_activity,
    ProcessExportsController, ExportController, read_texts,
    SiteController, AdminSiteController, give_consent,
    ProcessApprovalsController, ApprovalController,
    response_worklist, bulk_response,
    AccountMailController, MyNotificationsController, UnsubscribeController,
    OidcController,
    ProcessWorkshopsController, WorkshopNotesController,
    ImportController,
    VerificationController,
]


def create_app(settings: Settings | None = None, database: Database | None = None) -> Litestar:
    """The application; pass ``database`` to share an engine the caller owns (tests, workers)."""
    settings = settings or load_settings()
    configure_logging(settings.log_format, logging.DEBUG if settings.debug else logging.INFO)
    choose_export_fonts(settings.export_font, settings.export_font_bold)
    metrics_handlers, metrics_middleware = metrics_routes(settings)

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        # beside start-up, never before readiness: the first hint waited ~2 s for the model
        # (bench/similar_warmup.py)
        warm_up = app.state.similar.start_warm_up() if settings.similar_warm_up else None
        try:
            async with _serve(app):
                yield
        finally:
            if warm_up is not None:
                warm_up.cancel()

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
        if isinstance(app.state.job_queue, InProcessQueue):  # e-mail goes where analyses go
            workers = [asyncio.create_task(run_embedded_worker(app.state.db, app.state.job_queue)),
                       asyncio.create_task(run_mail_sender(app.state.db, settings))]
        try:
            yield
        finally:
            for worker in workers:
                worker.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await worker
            await close_database_clients(app)
            await app.state.db.dispose()

    route_handlers: list[object] = [*ROUTES, *metrics_handlers]
    if (settings.frontend_dir / "index.html").exists():
        route_handlers.append(spa_route(settings.frontend_dir))

    app = Litestar(
        route_handlers=route_handlers,  # type: ignore[arg-type]
        dependencies=dependencies,
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
            read_cache_middleware(settings.read_cache_seconds),
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
    app.state.settings = settings
    app.state.csrf = SessionCsrf(settings.secret_key, settings.cookie_secure)
    app.state.oidc = OidcProviders(settings)  # docs/oidc.md
    set_password_hash_threads(settings.password_hash_threads)
    app.state.job_queue = (InProcessQueue() if settings.runs_worker_in_process
                           else PgQueuerQueue(settings.database_url))
    app.state.similar = SimilarProposals(settings)
    app.state.storage = FileStore(settings.data_dir / "media")  # see core/storage.py
    app.state.rate_limiter = make_rate_limiter(app.state, settings)
    if database is not None:
        _attach_database(app, database)
    return app


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
    """The database and what each API process keeps open on it."""
    app.state.db = database
    app.state.vote_writer = VoteWriter(database)
    app.state.session_lookup = SessionLookup(database)
    app.state.consent = CurrentConsent(database)
    app.state.proposal_reads = ProposalReads(database)


async def close_database_clients(app: Litestar) -> None:
    """Stop the vote writer and close the connections of the session lookup and the rate-limit
    counters (the lifespan does this; tests that drive the app without a lifespan call it
    themselves)."""
    await app.state.vote_writer.close()
    await app.state.session_lookup.close()
    await app.state.proposal_reads.close()
    await app.state.rate_limiter.store.close()
