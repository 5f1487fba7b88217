"""``kyoso import-process FILE``: a process export, written back in one transaction.

Rows keep their ids, so the restored process answers exactly as the original did (ids inside
JSON columns included). Meant for a restore or a move (SQLite → PostgreSQL) into a database that
does not hold that process; shared rows that are already there — districts by code, users with
the same id and e-mail — are kept. Anything else that collides stops the import and nothing is
written. On PostgreSQL the id sequences are moved past the imported ids afterwards.
"""

from __future__ import annotations

from typing import IO, Any

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession

import backend.models  # noqa: F401  (every table registered)
from backend.backup.export import read_lines
from backend.backup.format import FILE_KIND, SUPPORTED_VERSIONS, BackupError, decode_value
from backend.core.database import Base, Database

BATCH = 1000
SHARED = {"districts": "code", "users": "email"}


class ImportReport(dict[str, int]):
    """Rows written per table (shared rows that already existed are not counted)."""


def _decode_row(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    unknown = set(row) - set(table.c.keys())
    if unknown:
        raise BackupError(f"{table.name}: columns this version does not know: {sorted(unknown)}")
    return {name: decode_value(table.c[name], value) for name, value in row.items()}


async def _drop_existing_shared(
    session: AsyncSession, table: Table, rows: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Districts and users may already exist; they must then be the same ones."""
    key = SHARED[table.name]
    pk = next(iter(table.primary_key.columns))
    existing = {
        r[0]: r[1]
        for r in (
            await session.execute(
                select(pk, table.c[key]).where(pk.in_([row[pk.name] for row in rows]))
            )
        ).all()
    }
    fresh = []
    for row in rows:
        if row[pk.name] not in existing:
            fresh.append(row)
        elif existing[row[pk.name]] != row[key]:
            raise BackupError(
                f"{table.name} {row[pk.name]} already exists here as another {key} "
                f"({existing[row[pk.name]]!r}); import into an empty database."
            )
    return fresh


async def _write(session: AsyncSession, table: Table, rows: list[dict[str, Any]]) -> int:
    if table.name in SHARED:
        rows = await _drop_existing_shared(session, table, rows)
    if rows:
        await session.execute(insert(table), rows)
    return len(rows)


async def _reset_sequences(session: AsyncSession, tables: list[Table]) -> None:
    for table in tables:
        if "id" in table.c and table.c.id.autoincrement and table.c.id.primary_key:
            highest = (await session.execute(select(func.max(table.c.id)))).scalar()
            if highest:
                await session.execute(
                    text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :v)"),
                    {"t": table.name, "v": highest},
                )


async def import_process(database: Database, stream: IO[bytes]) -> ImportReport:
    """Import a file written by ``export_process``; all or nothing."""
    lines = read_lines(stream)
    header = next(lines, None)
    if not header or header.get("kind") != FILE_KIND:
        raise BackupError("This is not a Kyoso process export (the first line says otherwise).")
    if header.get("format_version") not in SUPPORTED_VERSIONS:
        raise BackupError(
            f"Export format version {header.get('format_version')} is not supported by this "
            f"version of Kyoso (it reads {sorted(SUPPORTED_VERSIONS)})."
        )
    report = ImportReport()
    seen: dict[str, int] = {}
    touched: list[Table] = []
    footer: dict[str, Any] | None = None
    async with database.session(write=True) as session:
        processes = Base.metadata.tables["processes"]
        taken = await session.execute(
            select(processes.c.id).where(processes.c.slug == header["process_slug"])
        )
        if taken.first() is not None:
            raise BackupError(
                f"A process with the slug {header['process_slug']!r} already exists here."
            )
        table: Table | None = None
        batch: list[dict[str, Any]] = []
        for line in lines:
            if line.get("kind") == "end":
                footer = line
                break
            name = line.get("table")
            if (
                line.get("kind") != "row"
                or not isinstance(name, str)
                or name not in Base.metadata.tables
            ):
                raise BackupError(f"Unexpected line in the export: {str(line)[:200]}")
            if table is None or name != table.name:
                if table is not None and batch:
                    report[table.name] = report.get(table.name, 0) + await _write(
                        session, table, batch
                    )
                batch, table = [], Base.metadata.tables[name]
                touched.append(table)
            batch.append(_decode_row(table, line["row"]))
            seen[name] = seen.get(name, 0) + 1
            if len(batch) >= BATCH:
                report[name] = report.get(name, 0) + await _write(session, table, batch)
                batch = []
        if table is not None and batch:
            report[table.name] = report.get(table.name, 0) + await _write(session, table, batch)
        if footer is None:
            raise BackupError("The file ends early (no 'end' line): it was cut off.")
        expected = {k: v for k, v in footer.get("counts", {}).items() if v}
        if expected != seen:
            raise BackupError(f"Row counts differ from the file's own: {expected} vs {seen}.")
        if session.get_bind().dialect.name == "postgresql":
            await _reset_sequences(session, touched)
    return report
