"""One SQLAlchemy Core statement, run either through SQLAlchemy or as plain SQL on asyncpg.

On asyncpg the statement is compiled once (cached by the statement object: statements are built
once, at import or by an ``lru_cache``d function, and hash by identity) into SQL with ``$n``
parameters, which asyncpg prepares once per connection; a call then costs a dict lookup and
the parameter list. The rows come back as asyncpg records, not SQLAlchemy rows: index them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any, NamedTuple, Protocol, cast

import asyncpg
from sqlalchemy import Executable
from sqlalchemy.dialects.postgresql import asyncpg as asyncpg_dialect
from sqlalchemy.ext.asyncio import AsyncConnection

Row = Sequence[Any]
Params = Mapping[str, Any]

_ASYNCPG = asyncpg_dialect.dialect()


class _Compiled(NamedTuple):
    sql: str
    names: list[str]  # of the parameters, in $n order
    constants: dict[str, Any]  # the values bound in the statement itself (``case(else_=…)``)

    def arguments(self, params: Params) -> list[Any]:
        if self.constants:
            params = {**self.constants, **params}
        return [params[name] for name in self.names]


@lru_cache(maxsize=256)
def postgres_sql(statement: Executable) -> _Compiled:
    """SQL text with $n parameters, and how to order a call's parameters for it."""
    # Executable, a mixin, does not declare compile(); every statement here is a ClauseElement
    compiled = statement.compile(dialect=_ASYNCPG)  # type: ignore[attr-defined]
    names = list(compiled.positiontup or [])
    constants = {
        name: compiled.binds[name].value for name in names if not compiled.binds[name].required
    }
    return _Compiled(compiled.string, names, constants)


async def fetch(
    connection: asyncpg.Connection, statement: Executable, params: Params
) -> Sequence[Row]:
    compiled = postgres_sql(statement)
    rows = await connection.fetch(compiled.sql, *compiled.arguments(params))
    # a Record is read by position like a tuple, though asyncpg's stubs do not call it a Sequence
    return cast("Sequence[Row]", rows)


class Statements(Protocol):
    """Runs Core statements on one connection (inside the caller's transaction, if any)."""

    async def fetch(self, statement: Executable, params: Params) -> Sequence[Row]: ...
    async def execute(self, statement: Executable, params: Params) -> None: ...
    async def execute_many(self, statement: Executable, rows: Sequence[Params]) -> None: ...


class OnAsyncpg:
    """The statements as SQL on a plain asyncpg connection (PostgreSQL's hot paths)."""

    __slots__ = ("_connection",)

    def __init__(self, connection: asyncpg.Connection) -> None:
        self._connection = connection

    async def fetch(self, statement: Executable, params: Params) -> Sequence[Row]:
        return await fetch(self._connection, statement, params)

    async def execute(self, statement: Executable, params: Params) -> None:
        compiled = postgres_sql(statement)
        await self._connection.execute(compiled.sql, *compiled.arguments(params))

    async def execute_many(self, statement: Executable, rows: Sequence[Params]) -> None:
        """One statement per row, pipelined in one round trip."""
        compiled = postgres_sql(statement)
        await self._connection.executemany(compiled.sql, [compiled.arguments(row) for row in rows])


class OnSqlAlchemy:
    """The statements through SQLAlchemy (the embedded database)."""

    __slots__ = ("_connection",)

    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def fetch(self, statement: Executable, params: Params) -> Sequence[Row]:
        return (await self._connection.execute(statement, params)).all()

    async def execute(self, statement: Executable, params: Params) -> None:
        await self._connection.execute(statement, params)

    async def execute_many(self, statement: Executable, rows: Sequence[Params]) -> None:
        await self._connection.execute(statement, list(rows))
