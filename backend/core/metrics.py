"""Prometheus metrics: request latency by route, votes, job durations and failures.

Off unless ``KYOSO_METRICS_TOKEN`` is set: then ``GET /metrics`` answers a scraper that sends
``Authorization: Bearer <token>`` (anyone else gets 404, as if there were no such page), and the
request middleware of Litestar's Prometheus plugin times every request by its route template
(``/api/v1/proposals/{proposal_id}/vote``, not one series per proposal). Without the token
neither the route nor the middleware exists, so the figures in docs/deployment.md hold.

Several processes (granian workers, ``kyoso worker``) each count their own: with
``PROMETHEUS_MULTIPROC_DIR`` set (``kyoso serve`` and ``kyoso worker`` set it to
``<data dir>/metrics`` when metrics are on, ``core/metrics_files.py``) prometheus_client keeps
the values in files there and a scrape of any API process sums them all. The library is
prometheus_client, the reference client, which Litestar's plugin is built on.
"""

from __future__ import annotations

import hmac
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from litestar import Request, get
from litestar.response import Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

from backend.core.config import Settings
from backend.core.errors import NotFound
from backend.core.metrics_files import MULTIPROCESS_ENV

VOTES_COMMITTED = Counter(
    "kyoso_votes_committed", "Votes (casts, changes, retractions) committed by the vote writer"
)
VOTE_BATCHES = Counter("kyoso_vote_batches_committed", "Vote transactions committed")
JOB_SECONDS = Histogram(
    "kyoso_job_duration_seconds",
    "Background jobs from start to end, by kind and outcome",
    ["kind", "outcome"],
    buckets=(0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600),
)
JOB_FAILURES = Counter("kyoso_job_failures", "Background jobs that failed, by kind", ["kind"])


@contextmanager
def timed_job(kind: str) -> Iterator[dict[str, str]]:
    """Time one job; the caller may set ``outcome`` (default: succeeded, or failed when the
    block raises)."""
    state = {"outcome": "succeeded"}
    started = time.monotonic()
    try:
        yield state
    except BaseException:
        state["outcome"] = "failed"
        raise
    finally:
        JOB_SECONDS.labels(kind, state["outcome"]).observe(time.monotonic() - started)
        if state["outcome"] == "failed":
            JOB_FAILURES.labels(kind).inc()


def _registry() -> CollectorRegistry:
    if MULTIPROCESS_ENV not in os.environ:
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return registry


def metrics_routes(settings: Settings) -> tuple[list[Any], list[Any]]:
    """(route handlers, middleware) for the app: both empty when metrics are off."""
    token = settings.metrics_token
    if not token:
        return [], []
    from litestar.plugins.prometheus import PrometheusConfig

    config = PrometheusConfig(
        app_name="kyoso",
        prefix="kyoso",
        group_path=True,
        exclude=["^/metrics$", "^/health$", "^/ready$"],
    )
    expected = f"Bearer {token}".encode()

    @get("/metrics", include_in_schema=False, sync_to_thread=False)
    def metrics(request: Request[Any, Any, Any]) -> Response[bytes]:
        given = request.headers.get("authorization", "").encode()
        if not hmac.compare_digest(given, expected):
            raise NotFound("There is no such page.")
        return Response(generate_latest(_registry()), media_type=CONTENT_TYPE_LATEST)

    return [metrics], [config.middleware]
