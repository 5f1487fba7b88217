"""A request that is refused before its handler runs (signed out, on a route that needs a
signed-in user and the database) leaves no database session behind: its connection goes back
to the pool at once, and no orphaned session generator is closed later by the garbage
collector (which logged "aclose(): asynchronous generator is already running")."""

from __future__ import annotations

import asyncio
import gc
import logging

import pytest

from backend.core.database import Database
from support import Api


async def test_signed_out_requests_return_their_connections_and_log_no_aclose_error(
    anonymous: Api, database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    pool = database.engine.pool
    gc.disable()  # only a finished request, not the collector, may give a connection back
    try:
        answers = await asyncio.gather(*(anonymous.get("/api/v1/auth/me") for _ in range(20)))
        assert {answer.status_code for answer in answers} == {401}
        assert pool.checkedout() == 0  # type: ignore[attr-defined]
    finally:
        gc.enable()
    with caplog.at_level(logging.ERROR):
        gc.collect()
        for _ in range(5):
            await asyncio.sleep(0.05)  # the loop runs what the collector's finalizers scheduled
    assert "already running" not in caplog.text
