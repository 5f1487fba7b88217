"""The asyncpg pool of the hot paths (``core/fastpath/pool.py``) on PostgreSQL: it never opens more
than its size, serves waiting users in the order they came, replaces connections the server
closed or a cut-off user left mid-statement, and answers an outage with 503."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import asyncpg
import pytest

from backend.core.errors import ServiceUnavailable
from backend.core.fastpath import DirectPool

pytestmark = pytest.mark.postgres


@pytest.fixture
async def postgres_url(database_urls: dict[str, str | None]) -> str:
    url = database_urls["postgres"]
    if url is None:
        pytest.skip("PostgreSQL is not reachable (set KYOSO_TEST_POSTGRES_URL)")
    return url.replace("+asyncpg", "")


@pytest.fixture
async def pool(postgres_url: str) -> AsyncIterator[DirectPool]:
    pool = DirectPool(postgres_url, size=2)
    yield pool
    await pool.close()


async def _backend_pid(pool: DirectPool) -> int:
    async with pool.connection() as connection:
        return int(await connection.fetchval("SELECT pg_backend_pid()"))


async def test_the_pool_opens_no_more_connections_than_its_size(pool: DirectPool) -> None:
    pids: set[int] = set()

    async def use() -> None:
        async with pool.connection() as connection:
            pids.add(await connection.fetchval("SELECT pg_backend_pid() FROM pg_sleep(0.02)"))

    await asyncio.gather(*(use() for _ in range(12)))
    assert len(pids) == 2


async def test_waiting_users_get_a_connection_in_the_order_they_came(pool: DirectPool) -> None:
    order: list[int] = []
    release = asyncio.Event()

    async def hold() -> None:
        async with pool.connection():
            await release.wait()

    async def wait_then_use(number: int) -> None:
        async with pool.connection():
            order.append(number)

    holders = [asyncio.create_task(hold()) for _ in range(2)]
    await asyncio.sleep(0.2)  # both connections lent
    waiters = []
    for number in range(5):
        waiters.append(asyncio.create_task(wait_then_use(number)))
        await asyncio.sleep(0)
    release.set()
    await asyncio.gather(*holders, *waiters)
    assert order == [0, 1, 2, 3, 4]


async def test_a_connection_the_server_closed_while_idle_is_replaced_unnoticed(
    pool: DirectPool, postgres_url: str
) -> None:
    first = await _backend_pid(pool)
    admin = await asyncpg.connect(postgres_url)
    try:
        await admin.execute("SELECT pg_terminate_backend($1)", first)
    finally:
        await admin.close()
    await asyncio.sleep(0.3)  # the client has read the end of the connection
    assert await _backend_pid(pool) != first


async def test_a_statement_error_leaves_the_connection_in_the_pool(pool: DirectPool) -> None:
    first = await _backend_pid(pool)
    with pytest.raises(asyncpg.DataError):
        async with pool.connection() as connection:
            await connection.fetchval("SELECT $1::int", 2**40)
    assert await _backend_pid(pool) == first


async def test_a_user_cut_off_mid_statement_does_not_hand_its_connection_on(
    pool: DirectPool, postgres_url: str
) -> None:
    first = await _backend_pid(pool)

    async def slow() -> None:
        async with pool.connection() as connection:
            await connection.execute("SELECT pg_sleep(5)")

    task = asyncio.create_task(slow())
    await asyncio.sleep(0.2)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    started = asyncio.get_running_loop().time()
    assert await _backend_pid(pool) != first
    assert asyncio.get_running_loop().time() - started < 2  # not behind the cancelled sleep
    await asyncio.sleep(0.5)
    admin = await asyncpg.connect(postgres_url)
    try:  # the server stopped the statement too, rather than sleeping on for nobody
        running = await admin.fetchval(
            "SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND state = 'active'", first
        )
    finally:
        await admin.close()
    assert running == 0


async def test_a_broken_connection_in_use_answers_503_and_the_next_user_is_served(
    pool: DirectPool, postgres_url: str
) -> None:
    admin = await asyncpg.connect(postgres_url)
    try:
        with pytest.raises(ServiceUnavailable):
            async with pool.connection() as connection:
                pid = await connection.fetchval("SELECT pg_backend_pid()")
                await admin.execute("SELECT pg_terminate_backend($1)", pid)
                await connection.fetchval("SELECT pg_sleep(0.1)")
    finally:
        await admin.close()
    assert await _backend_pid(pool) != pid


async def test_a_closed_pool_closes_its_connections_and_opens_new_ones_when_used_again(
    pool: DirectPool, postgres_url: str
) -> None:
    first = await _backend_pid(pool)
    await pool.close()
    admin = await asyncpg.connect(postgres_url)
    try:
        await asyncio.sleep(0.2)
        alive = await admin.fetchval("SELECT count(*) FROM pg_stat_activity WHERE pid = $1", first)
    finally:
        await admin.close()
    assert alive == 0
    assert await _backend_pid(pool) != first
