"""The PostgreSQL fast path of the hot requests: batching, a small asyncpg pool, Core
statements compiled once for asyncpg. Why it exists, what may use it and how a new hot path
is added: ``README.md`` in this folder."""

from backend.core.fastpath.arrays import any_of, list_param, zipped
from backend.core.fastpath.batching import Batched, resolve_each
from backend.core.fastpath.compiled import (
    OnAsyncpg,
    OnSqlAlchemy,
    Statements,
    fetch,
    postgres_sql,
)
from backend.core.fastpath.pool import UNAVAILABLE, DirectPool

__all__ = [
    "UNAVAILABLE",
    "Batched",
    "DirectPool",
    "OnAsyncpg",
    "OnSqlAlchemy",
    "Statements",
    "any_of",
    "fetch",
    "list_param",
    "postgres_sql",
    "resolve_each",
    "zipped",
]
