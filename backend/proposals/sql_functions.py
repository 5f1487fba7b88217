"""SQL functions the proposal reads need that the two databases spell differently."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import Boolean, String


def _spelled(element: type[FunctionElement[Any]], *, postgresql: str, sqlite: str) -> None:
    """Compile ``element`` on each database as its template, ``{}`` standing for the
    element's arguments."""
    for dialect, template in (("postgresql", postgresql), ("sqlite", sqlite)):
        compiles(element, dialect)(_as(template))


def _as(template: str) -> Callable[..., str]:
    def spell(clause: FunctionElement[Any], compiler: SQLCompiler, **kw: Any) -> str:
        return template.format(compiler.process(clause.clauses, **kw))

    return spell


class TagList(FunctionElement[Any]):
    """The tags of a proposal in one column: ``array_agg`` on PostgreSQL (a list, decoded by
    asyncpg), a JSON array text on SQLite; NULL or ``[]`` when there are none."""

    type = String()
    inherit_cache = True


_spelled(TagList, postgresql="array_agg({})", sqlite="json_group_array({})")


class ImageList(FunctionElement[Any]):
    """The photos of a proposal as one JSON array text of [position, id, alt, width, height]
    arrays, on both databases; NULL or ``[]`` when there are none."""

    type = String()
    inherit_cache = True


_spelled(
    ImageList,
    postgresql="json_agg(json_build_array({}))::text",
    sqlite="json_group_array(json_array({}))",
)


class Contains(FunctionElement[bool]):
    """``Contains(text, string)``: whether ``string`` occurs in ``text``, as written (no
    wildcards, case as stored). Unlike ``LIKE``, PostgreSQL's estimate of how many rows match
    does not depend on the string, so a prepared statement keeps one plan for every search."""

    type = Boolean()
    inherit_cache = True


_spelled(Contains, postgresql="(strpos({}) > 0)", sqlite="(instr({}) > 0)")


def occurs(text: Any, string: Any, pattern: Any, *, by_like: bool) -> ColumnElement[bool]:
    """Whether a search string occurs in ``text``: with ``LIKE pattern`` (escape character
    ``\\``), which the trigram index can serve, or as written (``Contains``); the search's
    choice between them is ``search.by_pattern``."""
    return text.like(pattern, escape="\\") if by_like else Contains(text, string)
