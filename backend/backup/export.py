"""``kyoso export-process SLUG``: a whole process, streamed to JSON Lines.

Which rows belong to a process is read from the foreign keys of the models, so a new feature
table that hangs off a process (or off one of its proposals, runs, drafts…) is exported without
changes here. Users are those the exported rows refer to plus every staff account; districts are all
districts.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import IO, Any

import msgspec
from sqlalchemy import ColumnElement, Table, and_, or_, select, text, union
from sqlalchemy.ext.asyncio import AsyncSession

import backend.models  # noqa: F401  (every table registered)
from backend.backup.format import (
    AUDIT_TARGETS,
    EXCLUDED_TABLES,
    FILE_KIND,
    FORMAT_VERSION,
    BackupError,
)
from backend.core.database import Base, Database
from backend.core.errors import NotFound

_encoder = msgspec.json.Encoder()


def _tables() -> list[Table]:
    return [t for t in Base.metadata.sorted_tables if t.name not in EXCLUDED_TABLES]


def process_conditions(process_id: int) -> dict[str, ColumnElement[bool]]:
    """For each table of the process graph, the WHERE clause that selects its rows."""
    tables = {t.name: t for t in _tables()}
    where: dict[str, ColumnElement[bool]] = {"processes": tables["processes"].c.id == process_id}
    for table in _tables():
        if table.name in where or table.name in ("users", "districts"):
            continue
        for fk in table.foreign_keys:
            parent = fk.column.table
            if parent.name in where and parent is not table:
                parent_ids = select(fk.column).where(where[parent.name])
                where[table.name] = fk.parent.in_(parent_ids)
                break
    if "reports" in tables:
        reports = tables["reports"]
        where["reports"] = or_(
            and_(
                reports.c.target_type == "proposal",
                reports.c.target_id.in_(select(tables["proposals"].c.id).where(where["proposals"])),
            ),
            and_(
                reports.c.target_type == "comment",
                reports.c.target_id.in_(select(tables["comments"].c.id).where(where["comments"])),
            ),
        )
    users = tables["users"]
    referenced = [
        select(fk.parent).where(where[table.name], fk.parent.is_not(None))
        for table in _tables()
        if table.name in where
        for fk in table.foreign_keys
        if fk.column.table is users
    ]
    events = tables["audit_events"]  # their actors too (staff, a handful of accounts)
    referenced.append(
        select(events.c.actor_id).where(
            events.c.target_type.in_(list(AUDIT_TARGETS)), events.c.actor_id.is_not(None)
        )
    )
    # residents who took part, and every staff account (few; needed to run the process)
    where["users"] = or_(users.c.id.in_(union(*referenced)), users.c.role != "resident")
    return where


async def _process_id(session: AsyncSession, slug: str) -> int:
    processes = Base.metadata.tables["processes"]
    found = (
        await session.execute(select(processes.c.id).where(processes.c.slug == slug))
    ).scalar_one_or_none()
    if found is None:
        raise NotFound(f"There is no process with the slug {slug!r}.")
    return int(found)


async def _schema_revision(session: AsyncSession) -> str | None:
    try:
        return (
            await session.execute(text("SELECT version_num FROM alembic_version"))
        ).scalar_one_or_none()
    except Exception:  # a database made without Alembic (tests): no revision to report
        return None


def _line(payload: dict[str, Any]) -> bytes:
    return _encoder.encode(payload) + b"\n"


async def export_process(database: Database, slug: str, out: IO[bytes]) -> dict[str, int]:
    """Write the process ``slug`` to ``out``; returns the row count of each table."""
    counts: dict[str, int] = {}
    async with database.session(write=False) as session:
        revision = await _schema_revision(session)
    async with database.session(write=False) as session:
        process_id = await _process_id(session, slug)
        where = process_conditions(process_id)
        tables = [
            t for t in _tables() if t.name in where or t.name in ("districts", "audit_events")
        ]
        out.write(
            _line(
                {
                    "kind": FILE_KIND,
                    "format_version": FORMAT_VERSION,
                    "process_slug": slug,
                    "exported_at": datetime.now(UTC),
                    "schema_revision": revision,
                    "tables": [str(t.name) for t in tables],
                }
            )
        )
        exported_ids: dict[str, set[str]] = {}
        for table in tables:
            if table.name == "audit_events":
                continue
            statement = select(table)
            if table.name in where:
                statement = statement.where(where[table.name])
            statement = statement.order_by(*table.primary_key.columns)
            keep_ids = table.name in AUDIT_TARGETS.values()
            ids = exported_ids.setdefault(table.name, set())
            count = 0
            result = await session.stream(statement.execution_options(yield_per=2000))
            async for row in result.mappings():
                out.write(_line({"kind": "row", "table": str(table.name), "row": dict(row)}))
                if keep_ids:
                    ids.add(str(row["id"]))
                count += 1
            counts[table.name] = count
        counts["audit_events"] = await _export_audit(session, exported_ids, out)
    out.write(_line({"kind": "end", "counts": counts}))
    out.flush()
    return counts


async def _export_audit(session: AsyncSession, ids: dict[str, set[str]], out: IO[bytes]) -> int:
    """Audit events about the exported objects (the log itself is installation-wide)."""
    events = Base.metadata.tables["audit_events"]
    count = 0
    result = await session.stream(
        select(events)
        .where(events.c.target_type.in_(list(AUDIT_TARGETS)))
        .order_by(events.c.id)
        .execution_options(yield_per=2000)
    )
    async for row in result.mappings():
        if row["target_id"] in ids.get(AUDIT_TARGETS[row["target_type"]], ()):
            out.write(_line({"kind": "row", "table": "audit_events", "row": dict(row)}))
            count += 1
    return count


def read_lines(stream: IO[bytes]) -> Iterator[dict[str, Any]]:
    decoder = msgspec.json.Decoder()
    for number, raw in enumerate(stream, 1):
        if raw.strip():
            try:
                yield decoder.decode(raw)
            except msgspec.DecodeError as exc:
                raise BackupError(f"line {number} is not valid JSON ({exc})") from exc
