"""Routes: the audit log (監査ログ), for administrators only.

Planners do not read it: it records what every staff member did, including role changes and
password links, which is the administrators' oversight of the staff (docs/architecture.md).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import msgspec
from litestar import Controller, Response, get
from litestar.params import QueryParameter
from sqlalchemy import select

from backend.audit.labels import ACTION_LABELS, TARGET_LABELS
from backend.audit.log import (
    CSV_COLUMNS,
    AuditEventOut,
    AuditFilter,
    conditions,
    count_events,
    csv_rows,
    events_out,
)
from backend.audit.models import AuditEvent
from backend.core.database import utcnow
from backend.core.dependencies import Db
from backend.core.errors import InvalidInput
from backend.core.pagination import decode_cursor, next_id_cursor
from backend.exports.csv_table import table_csv
from backend.exports.dates import JST
from backend.users.auth import admin_only

# a CSV of the whole log stays a file a spreadsheet opens (Excel's limit is 1,048,576 rows)
CSV_MAX_ROWS = 100_000


class AuditPage(msgspec.Struct):
    items: list[AuditEventOut]
    total: int  # events matching the filters
    next_cursor: str | None = None


class Label(msgspec.Struct):
    value: str
    label_ja: str
    label_en: str


class AuditCatalogue(msgspec.Struct):
    """What the filters offer: every action and object type, in words."""

    actions: list[Label]
    target_types: list[Label]


def _filter(
    actor_id: int | None,
    action: str | None,
    target_type: str | None,
    date_from: date | None,
    date_to: date | None,
) -> AuditFilter:
    if date_from and date_to and date_from > date_to:
        raise InvalidInput("The start date is after the end date: swap them.")
    return AuditFilter(
        actor_id=actor_id,
        action=action,
        target_type=target_type,
        date_from=date_from,
        date_to=date_to,
    )


Actor = Annotated[int | None, QueryParameter(ge=1, le=2**63 - 1)]
Action = Annotated[str | None, QueryParameter(max_length=64)]
TargetType = Annotated[str | None, QueryParameter(max_length=32)]


class AuditController(Controller):
    path = "/api/v1/admin/audit-events"
    tags = ["admin"]
    guards = [admin_only]

    @get(
        "/",
        summary="Audit log of staff actions, newest first",
        description="Each event names its actor and says the action and its details in "
        "words (Japanese, and English in `*_en`). `date_from`/`date_to` are Japan-time days, "
        "both included.",
    )
    async def list_audit_events(
        self,
        db: Db,
        actor_id: Actor = None,
        action: Action = None,
        target_type: TargetType = None,
        date_from: date | None = None,
        date_to: date | None = None,
        cursor: Annotated[str | None, QueryParameter(max_length=200)] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=200)] = 50,
    ) -> AuditPage:
        where = _filter(actor_id, action, target_type, date_from, date_to)
        query = (
            select(AuditEvent)
            .where(*conditions(where))
            .order_by(AuditEvent.id.desc())
            .limit(limit + 1)
        )
        if cursor:
            query = query.where(AuditEvent.id < decode_cursor(cursor)[1])
        rows = list((await db.execute(query)).scalars())
        return AuditPage(
            await events_out(db, rows[:limit]),
            await count_events(db, where),
            next_id_cursor(rows, limit),
        )

    @get("/catalogue", summary="The audit log's actions and object types, in words")
    async def audit_catalogue(self) -> AuditCatalogue:
        return AuditCatalogue(
            [Label(k, ja, en) for k, (ja, en) in ACTION_LABELS.items()],
            [Label(k, ja, en) for k, (ja, en) in TARGET_LABELS.items()],
        )

    @get(
        "/export",
        summary="The audit log as CSV (UTF-8 with BOM, for Excel)",
        description="The same filters as the list; at most 100,000 events, newest first. "
        "Cells a spreadsheet would run as a formula are quoted.",
        media_type="text/csv; charset=utf-8",
    )
    async def export_audit_events(
        self,
        db: Db,
        actor_id: Actor = None,
        action: Action = None,
        target_type: TargetType = None,
        date_from: date | None = None,
        date_to: date | None = None,
    ) -> Response[bytes]:
        where = _filter(actor_id, action, target_type, date_from, date_to)
        rows = list(
            (
                await db.execute(
                    select(AuditEvent)
                    .where(*conditions(where))
                    .order_by(AuditEvent.id.desc())
                    .limit(CSV_MAX_ROWS)
                )
            ).scalars()
        )
        body = table_csv(CSV_COLUMNS, csv_rows(await events_out(db, rows)))
        day = utcnow().astimezone(JST).strftime("%Y%m%d")
        return Response(
            body,
            media_type="text/csv; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="kyoso-audit-log-{day}.csv"',
                "Cache-Control": "no-store",
            },
        )
