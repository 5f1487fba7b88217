"""Routes: the audit log (admins)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import msgspec
from litestar import get
from litestar.params import QueryParameter
from sqlalchemy import select

from backend.audit.models import AuditEvent
from backend.core.dependencies import Db
from backend.core.pagination import Page, decode_cursor, next_id_cursor
from backend.users.auth import admin_only


class AuditEventOut(msgspec.Struct):
    id: int
    actor_id: int | None
    action: str
    target_type: str
    target_id: str
    details: dict[str, Any]
    created_at: datetime


@get(
    "/api/v1/admin/audit-events",
    tags=["admin"],
    guards=[admin_only],
    summary="Audit log of staff actions, newest first",
)
async def list_audit_events(
    db: Db,
    action: Annotated[str | None, QueryParameter(max_length=64)] = None,
    cursor: Annotated[str | None, QueryParameter(max_length=200)] = None,
    limit: Annotated[int, QueryParameter(ge=1, le=200)] = 50,
) -> Page[AuditEventOut]:
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit + 1)
    if action:
        query = query.where(AuditEvent.action == action)
    if cursor:
        query = query.where(AuditEvent.id < decode_cursor(cursor)[1])
    rows = list((await db.execute(query)).scalars())
    items = [
        AuditEventOut(
            e.id, e.actor_id, e.action, e.target_type, e.target_id, e.details, e.created_at
        )
        for e in rows[:limit]
    ]
    return Page(items, next_id_cursor(rows, limit))
