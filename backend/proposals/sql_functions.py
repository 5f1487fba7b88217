"""SQL functions the proposal reads need that the two databases spell differently."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import Boolean, String


class TagList(FunctionElement[Any]):
    """The tags of a proposal in one column: ``array_agg`` on PostgreSQL (a list, decoded by
    asyncpg), a JSON array text on SQLite; NULL or ``[]`` when there are none."""

    type = String()
    inherit_cache = True


@compiles(TagList, "postgresql")
def _tag_list_postgresql(element: TagList, compiler: SQLCompiler, **kw: Any) -> str:
    return f"array_agg({compiler.process(element.clauses, **kw)})"


@compiles(TagList, "sqlite")
def _tag_list_sqlite(element: TagList, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_group_array({compiler.process(element.clauses, **kw)})"


class ImageList(FunctionElement[Any]):
    """The photos of a proposal as one JSON array text of [position, id, alt, width, height]
    arrays, on both databases; NULL or ``[]`` when there are none."""

    type = String()
    inherit_cache = True


@compiles(ImageList, "postgresql")
def _image_list_postgresql(element: ImageList, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_agg(json_build_array({compiler.process(element.clauses, **kw)}))::text"


@compiles(ImageList, "sqlite")
def _image_list_sqlite(element: ImageList, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_group_array(json_array({compiler.process(element.clauses, **kw)}))"


class Contains(FunctionElement[bool]):
    """``Contains(text, string)``: whether ``string`` occurs in ``text``, as written (no
    wildcards, case as stored). Unlike ``LIKE``, PostgreSQL's estimate of how many rows match
    does not depend on the string, so a prepared statement keeps one plan for every search."""

    type = Boolean()
    inherit_cache = True


@compiles(Contains, "postgresql")
def _contains_postgresql(element: Contains, compiler: SQLCompiler, **kw: Any) -> str:
    return f"(strpos({compiler.process(element.clauses, **kw)}) > 0)"


@compiles(Contains, "sqlite")
def _contains_sqlite(element: Contains, compiler: SQLCompiler, **kw: Any) -> str:
    return f"(instr({compiler.process(element.clauses, **kw)}) > 0)"
