"""Liveness (/health) and readiness (/ready: the database answers)."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get
from sqlalchemy import text

from backend.core.database import Database
from backend.core.errors import problem


@get("/health", tags=["health"], summary="The process is alive")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@get("/ready", tags=["health"], summary="The database is reachable")
async def ready(request: Request[Any, Any, Any]) -> Response[Any]:
    database: Database = request.app.state.db
    try:
        async with database.session(write=False) as session:
            await session.execute(text("SELECT 1"))
    except Exception:  # any failure means "not ready", and the probe says so
        return problem(503, "Service unavailable", "The database is not reachable.", "unavailable")
    return Response({"status": "ready", "database": database.engine.dialect.name})
