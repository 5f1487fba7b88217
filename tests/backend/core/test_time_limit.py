"""Requests have a time limit: past it the answer is 503 problem+json, not a hang (issue 18)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import msgspec
import pytest
from litestar import get, post
from litestar.response import Stream
from sqlalchemy import text

from backend.app import close_database_clients, create_app
from backend.core.database import Database
from backend.core.dependencies import Db
from support import Api, post_proposal


@get("/api/v1/test-slow")
async def slow_route() -> dict[str, str]:
    await asyncio.sleep(5)
    return {"late": "yes"}


@get("/api/v1/test-slow-download")
async def slow_download() -> Stream:
    async def chunks() -> AsyncIterator[bytes]:
        for i in range(4):
            await asyncio.sleep(0.15)
            yield f"part {i}\n".encode()

    return Stream(chunks(), media_type="text/plain")


@pytest.fixture
async def limited(database: Database) -> AsyncIterator[Api]:
    settings = msgspec.structs.replace(database.settings, request_timeout_seconds=0.3)
    app = create_app(settings, database=database)
    app.register(slow_route)
    app.register(slow_download)
    app.register(slow_write)
    yield Api(app)
    await close_database_clients(app)


async def test_a_request_that_runs_past_the_time_limit_gets_503_problem_json(limited: Api) -> None:
    started = time.monotonic()
    response = await limited.get("/api/v1/test-slow")
    assert time.monotonic() - started < 2
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["retry-after"] == "5"
    assert response.headers["x-content-type-options"] == "nosniff"
    problem: dict[str, Any] = response.json()
    assert problem["type"] == "/problems/timeout"
    assert "0.3 seconds" in problem["detail"]
    assert (await limited.get("/health")).status_code == 200  # the process goes on serving


async def test_a_download_that_has_started_is_not_cut_off_by_the_time_limit(limited: Api) -> None:
    response = await limited.get("/api/v1/test-slow-download")
    assert response.status_code == 200
    assert response.text == "part 0\npart 1\npart 2\npart 3\n"


@post("/api/v1/test-slow-write", status_code=200)
async def slow_write(db: Db) -> dict[str, str]:
    await db.execute(text("UPDATE districts SET name_en = name_en"))  # holds the write lock
    await asyncio.sleep(5)
    return {"late": "yes"}


async def test_a_write_cut_off_by_the_time_limit_leaves_the_database_usable(
    limited: Api, resident: Api, process_id: int
) -> None:
    for _ in range(3):
        response = await limited.post("/api/v1/test-slow-write")
        assert response.status_code == 503
    proposal = await post_proposal(resident, process_id)  # a write, through the normal app
    assert proposal["id"] > 0
