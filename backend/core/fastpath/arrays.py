"""Statements about a whole batch whose SQL text does not depend on the batch's size, written
once in SQLAlchemy Core for both databases.

A list travels as one parameter: a PostgreSQL array (``unnest``, ``= ANY``: asyncpg prepares the
statement once per connection) or, on SQLite, one JSON array text unpacked by ``json_each``.
Several lists of the same length are zipped into rows, as ``unnest(a, b)`` does.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import ARRAY, BindParameter, SQLColumnExpression, bindparam
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.sql.selectable import TableValuedAlias
from sqlalchemy.types import Boolean, String, TypeDecorator, TypeEngine


class ListParam(TypeDecorator[list[Any]]):
    """A list of ``item`` values: an array on PostgreSQL, a JSON array text elsewhere."""

    impl = String
    cache_ok = True

    def __init__(self, item: TypeEngine[Any]) -> None:
        super().__init__()
        self.item = item

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(ARRAY(self.item))
        return dialect.type_descriptor(String())

    def process_bind_param(self, value: list[Any] | None, dialect: Dialect) -> Any:
        return value if dialect.name == "postgresql" else json.dumps(value)


def list_param(name: str, item: TypeEngine[Any]) -> BindParameter[list[Any]]:
    """The bound parameter ``name``: one list, whatever its length."""
    return bindparam(name, type_=ListParam(item))


class AnyOf(FunctionElement[bool]):
    """``column = ANY(list)`` on PostgreSQL, ``column IN (SELECT value FROM json_each(list))``
    on SQLite: ``any_of(Proposal.id, list_param("ids", BigInteger()))``."""

    type = Boolean()
    inherit_cache = True
    _is_implicitly_boolean = True  # a condition already: no "= 1" on SQLite


def any_of(column: SQLColumnExpression[Any], values: BindParameter[list[Any]]) -> AnyOf:
    return AnyOf(column, values)


@compiles(AnyOf, "postgresql")
def _any_of_postgresql(element: AnyOf, compiler: SQLCompiler, **kw: Any) -> str:
    column, values = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"{column} = ANY ({values})"


@compiles(AnyOf, "sqlite")
def _any_of_sqlite(element: AnyOf, compiler: SQLCompiler, **kw: Any) -> str:
    column, values = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"{column} IN (SELECT value FROM json_each({values}))"


class _Zipped(FunctionElement[Any]):
    """Lists of the same length as rows, one column per list (see ``zipped``)."""

    inherit_cache = True

    def __init__(self, *lists: BindParameter[list[Any]], names: tuple[str, ...]) -> None:
        super().__init__(*lists)
        self.names = names


@compiles(_Zipped, "postgresql")
def _zipped_postgresql(element: _Zipped, compiler: SQLCompiler, **kw: Any) -> str:
    lists = ", ".join(compiler.process(clause, **kw) for clause in element.clauses)
    return f"(SELECT * FROM unnest({lists}) AS t({', '.join(element.names)}))"


@compiles(_Zipped, "sqlite")
def _zipped_sqlite(element: _Zipped, compiler: SQLCompiler, **kw: Any) -> str:
    """The first list walked by ``json_each``, the others read at the same position. Not a join
    of one ``json_each`` per list on ``key``: SQLite cannot index a table-valued function, and
    that nested loop took 16 ms for 100 rows of three lists, 300 ms for 500; this takes 0.1 ms
    and 9 ms (each lookup parses its list again; a town's batches are a few votes)."""
    first, *others = [compiler.process(clause, **kw) for clause in element.clauses]
    columns = ["j.value", *(f"json_extract({values}, '$[' || j.key || ']')" for values in others)]
    named = ", ".join(
        f"{column} AS {name}" for column, name in zip(columns, element.names, strict=True)
    )
    return f"(SELECT {named} FROM json_each({first}) AS j)"


def zipped(name: str, **lists: TypeEngine[Any]) -> TableValuedAlias:
    """A derived table ``name`` whose rows zip the list parameters ``<name>_<column>`` (one per
    keyword, of that item type): ``zipped("k", p=BigInteger(), u=BigInteger())`` has columns
    ``k.c.p`` and ``k.c.u``, from the parameters ``k_p`` and ``k_u``."""
    params = [list_param(f"{name}_{column}", item) for column, item in lists.items()]
    return _Zipped(*params, names=tuple(lists)).table_valued(*lists, name=name)
