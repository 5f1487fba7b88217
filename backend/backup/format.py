"""The process export file: versioned JSON Lines (one JSON object per line).

```
{"kind": "kyoso-process-export", "format_version": 1, "process_slug": "…", "exported_at": "…",
 "schema_revision": "0004", "tables": ["districts", "processes", "users", …]}
{"kind": "row", "table": "districts", "row": {"code": "chuo", …}}
…                                   (rows in table order, parents before children)
{"kind": "end", "counts": {"districts": 8, "proposals": 152, …}}
```

Rows are the database rows as they are, ids included (so that ids kept inside JSON columns,
e.g. a theme's representative proposals, stay right); datetimes are RFC 3339 in UTC, dates ISO,
binary columns base64. The final ``end`` line lets an import notice a truncated file.
"""

from __future__ import annotations

import base64
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Date, LargeBinary
from sqlalchemy.types import TypeDecorator

FILE_KIND = "kyoso-process-export"
FORMAT_VERSION = 1
SUPPORTED_VERSIONS = frozenset({1})

# Not part of a process: login sessions, set-password links, rate-limit counters, the embedding
# cache and the similar-proposal index (both rebuilt on demand) and generated export files
# (their files live on the server's disk).
EXCLUDED_TABLES = frozenset(
    {
        "user_sessions",
        "set_password_tokens",
        "rate_limit_counters",
        "embedding_cache",
        "similar_indexes",
        "similar_vectors",
        "export_jobs",
    }
)

# audit_events.target_type → the table its target_id points into
AUDIT_TARGETS = {
    "process": "processes",
    "proposal": "proposals",
    "comment": "comments",
    "analysis_run": "analysis_runs",
    "draft": "drafts",
    "report": "reports",
    "response": "city_responses",
}


class BackupError(Exception):
    """A file that cannot be imported (wrong kind or version, truncated, conflicting rows)."""


def _base_type(column: Column[Any]) -> Any:
    kind = column.type
    return kind.impl if isinstance(kind, TypeDecorator) else kind


def decode_value(column: Column[Any], value: Any) -> Any:
    """A JSON value from the file → the Python value the column takes."""
    if value is None:
        return None
    kind = _base_type(column)
    if isinstance(kind, LargeBinary):
        return base64.b64decode(value)
    python_type = _python_type(kind)
    if python_type is datetime:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    if python_type is date:
        return date.fromisoformat(value)
    return value


def _python_type(kind: Any) -> type | None:
    if isinstance(kind, Date):
        return date
    try:
        return kind.python_type
    except NotImplementedError:
        return None
