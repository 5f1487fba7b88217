"""Liveness (/health) and readiness (/ready: the database answers and, embedded, can grow)."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import msgspec
from litestar import Request, Response, get
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from backend.core.app_state import DATABASE, SETTINGS
from backend.core.database import SQLITE_BUSY_TIMEOUT_MS, Database
from backend.core.errors import problem
from backend.core.messages import N_


class Alive(msgspec.Struct):
    status: Literal["ok"]


class Ready(msgspec.Struct):
    status: Literal["ready"]
    database: str  # the SQLAlchemy dialect: "sqlite" or "postgresql"


@get("/health", tags=["health"], summary="The process is alive")
async def health() -> Alive:
    return Alive("ok")


@get("/ready", tags=["health"], summary="The database is reachable and can store writes")
async def ready(request: Request[Any, Any, Any]) -> Response[Ready]:
    database: Database = DATABASE.of(request)
    try:
        async with database.session(write=False) as session:
            await session.execute(text("SELECT 1"))
            sqlite = database.settings.is_sqlite
            files = (await session.execute(text("PRAGMA database_list"))).all() if sqlite else []
        full = await _sqlite_disk_full(database, files, SETTINGS.of(request).ready_min_free_mb)
    except Exception:  # any failure means "not ready", and the probe says so
        return problem(
            503,
            "Service unavailable",
            "The database is not reachable.",
            "unavailable",
            request=request,
        )
    if full:
        return problem(503, "Service unavailable", full, "unavailable", request=request)
    return Response(Ready("ready", database.engine.dialect.name))


async def _sqlite_disk_full(
    database: Database, files: Sequence[Any], min_free_mb: int
) -> str | None:
    """Why an embedded database cannot store writes, or ``None``. A full disk refuses every
    write while reads still work, so "SELECT 1" alone kept saying ready."""
    path = next((Path(row[2]) for row in files if row[1] == "main" and row[2]), None)
    if path is None:
        return None
    free = await asyncio.to_thread(lambda: shutil.disk_usage(path.parent).free)
    if free < min_free_mb * 2**20:
        return N_(
            f"The disk of the database is full ({free // 2**20} MB free, "
            f"{min_free_mb} MB needed). Free some space; "
            "the server is ready again at once."
        )
    if not await _can_grow(database):
        return N_("The database cannot grow (the disk or its size limit is full). Free some space.")
    return None


async def _can_grow(database: Database) -> bool:
    """Allocate a page in a transaction that is rolled back: nothing is written, but SQLite
    refuses with SQLITE_FULL when the file may not grow. Busy (another writer) or read-only
    counts as "can grow": a read-only file serves reads, and that is ready."""
    async with database.engine.connect() as connection:
        try:
            async with connection.begin() as transaction:
                # at its size limit the file is full even while freed pages (a table rebuilt
                # by a migration) still let the probe below succeed
                pages = (await connection.exec_driver_sql("PRAGMA page_count")).scalar()
                limit = (await connection.exec_driver_sql("PRAGMA max_page_count")).scalar()
                if pages is not None and limit is not None and pages >= limit:
                    return False
                await connection.exec_driver_sql("PRAGMA busy_timeout = 0")
                await connection.exec_driver_sql("CREATE TABLE kyoso_ready_probe (x INTEGER)")
                await transaction.rollback()
        except DBAPIError as error:
            return "database or disk is full" not in str(error.orig)
        finally:
            try:
                await connection.exec_driver_sql(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            except Exception:  # never hand a connection that does not wait for locks back
                await connection.invalidate()
                raise
    return True
