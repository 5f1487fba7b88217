"""Alembic migrations upgrade an empty database, and downgrade it, on both databases."""

from __future__ import annotations

import asyncio

from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import create_async_engine

from backend.core.migrate import downgrade, upgrade
from backend.models import Base


async def _tables(url: str) -> set[str]:
    engine = create_async_engine(url)
    async with engine.connect() as connection:
        names = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
    await engine.dispose()
    # PgQueuer's own tables are installed by `kyoso migrate` beside Alembic's
    return {n for n in names if n != "alembic_version" and not n.startswith("pgqueuer")}


def test_migrations_create_every_table_and_drop_them_again(database_url: str) -> None:
    # the session fixture already upgraded this database: down to nothing, then up again
    downgrade(database_url, "base")
    assert asyncio.run(_tables(database_url)) == set()
    upgrade(database_url)
    assert asyncio.run(_tables(database_url)) == set(Base.metadata.tables)
