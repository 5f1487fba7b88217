"""Engine and sessions for SQLite (embedded) and PostgreSQL (production)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Integer,
    MetaData,
    Table,
    cast,
    event,
    func,
    literal,
    select,
)
from sqlalchemy.engine import CursorResult, Result
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

from backend.core.config import Settings

# SQLite only auto-increments INTEGER PRIMARY KEY; PostgreSQL gets BIGINT identities.
BigId = BigInteger().with_variant(Integer(), "sqlite")

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def table_of(model: type[Base]) -> Table:
    """The table ``model`` is mapped to. SQLAlchemy types ``__table__`` as any FROM clause
    (a class may be mapped to a subquery); every Kyoso model is mapped to a table."""
    table = model.__table__
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} is not mapped to a table")
    return table


def changed_rows(result: Result[*tuple[Any, ...]]) -> int:
    """The rows an UPDATE or DELETE changed. ``execute`` is typed to answer any Result; for
    these statements it is a CursorResult, which counts them."""
    if not isinstance(result, CursorResult):
        raise TypeError("changed_rows() needs the result of an UPDATE or DELETE")
    return result.rowcount


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on both databases (SQLite stores naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def utcnow() -> datetime:
    return datetime.now(UTC)


SQLITE_BUSY_TIMEOUT_MS = 15000


def _configure_sqlite(engine: AsyncEngine) -> None:
    """WAL, foreign keys and a busy timeout; writers start with BEGIN IMMEDIATE.

    A deferred SQLite transaction that reads and then writes fails with SQLITE_BUSY when another
    writer committed in between; taking the write lock up front makes writers queue instead.
    """

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # let SQLAlchemy's "begin" event emit BEGIN
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


def create_engine(settings: Settings) -> AsyncEngine:
    if settings.is_sqlite:
        path = settings.database_url.split(":///", 1)[-1]
        if path and path != ":memory:":
            from pathlib import Path

            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(settings.database_url, pool_size=5, max_overflow=5)
        _configure_sqlite(engine)
        return engine
    engine = create_async_engine(
        settings.database_url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        # recycling bounds how old an idle connection can get
        pool_recycle=1800,
        pool_timeout=10,
        connect_args={"timeout": 5, "command_timeout": 30},
    )
    _replace_closed_connections(engine)
    return engine


def _replace_closed_connections(engine: AsyncEngine) -> None:
    """A pooled connection the server closed (a restart, ``pg_terminate_backend``, an idle
    timeout) is replaced at checkout, so the first request after an outage does not fail with
    503. asyncpg notices the server's goodbye by itself, so the check is a flag read, not the
    round trip per checkout that ``pool_pre_ping`` costs."""

    @event.listens_for(engine.sync_engine, "checkout")
    def _on_checkout(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        if dbapi_connection.driver_connection.is_closed():
            raise DisconnectionError("the server closed this pooled connection")


class Database:
    """One engine with a reader and a writer session factory."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.engine = create_engine(settings)
        writer_engine = (
            self.engine.execution_options(sqlite_begin="IMMEDIATE")
            if settings.is_sqlite
            else self.engine
        )
        self._writer_engine = writer_engine
        self.read_sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        # single-statement reads on the hot path (the session lookup): no BEGIN/COMMIT trips
        self.autocommit = self.engine.execution_options(isolation_level="AUTOCOMMIT")
        self.write_sessions = async_sessionmaker(writer_engine, expire_on_commit=False)

    @asynccontextmanager
    async def session(self, *, write: bool) -> AsyncIterator[AsyncSession]:
        """A session whose transaction commits on success and rolls back on any error."""
        factory = self.write_sessions if write else self.read_sessions
        async with factory() as session, session.begin():
            yield session

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncConnection]:
        """A Core connection (no ORM unit of work) in a write transaction, committed on
        success and rolled back on any error; for hot paths such as the vote writer."""
        async with self._writer_engine.begin() as connection:
            yield connection

    async def dispose(self) -> None:
        await self.engine.dispose()


INLINE_IDS = 1000  # up to this many ids as ordinary bound parameters


def in_ids(target: AsyncSession | AsyncConnection, column: Any, ids: Iterable[int]) -> Any:
    """``column IN ids`` for any number of ids. Both drivers refuse more than 32,767 bound
    parameters (a theme of a national consultation holds more proposals than that), so a long
    list travels as one JSON array, unpacked by the database (``json_array_elements_text`` on
    PostgreSQL, ``json_each`` on SQLite)."""
    ids = sorted({int(i) for i in ids})
    if len(ids) <= INLINE_IDS:
        return column.in_(ids)
    if _dialect(target) == "postgresql":
        values = func.json_array_elements_text(literal(ids, JSON)).table_valued("value")
    else:
        values = func.json_each(json.dumps(ids)).table_valued("value")
    return column.in_(select(cast(values.c.value, BigInteger)))


def _dialect(target: AsyncSession | AsyncConnection) -> str:
    bind = target.get_bind() if isinstance(target, AsyncSession) else target
    return bind.dialect.name


def dialect_insert(target: AsyncSession | AsyncConnection) -> Any:
    """``insert`` of the session's or connection's dialect, which has ``on_conflict_do_*``."""
    from sqlalchemy.dialects import postgresql, sqlite

    return postgresql.insert if _dialect(target) == "postgresql" else sqlite.insert
