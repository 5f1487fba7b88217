"""Reading the audit log: filters, the people named in it, and each row in words."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import msgspec
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit.labels import action_label, describe, role_label, target_label
from backend.audit.models import AuditEvent
from backend.audit.service import AuditValue
from backend.exports.dates import JST
from backend.users.models import User
from backend.users.roles import Role

SYSTEM_NAME = "システム"  # events without an actor (commands run on the server)
# details that name a person by id, shown by name
PERSON_FIELDS = ("submitted_by",)


class AuditFilter(msgspec.Struct, kw_only=True):
    actor_id: int | None = None
    action: str | None = None
    target_type: str | None = None
    date_from: date | None = None  # Japan-time days, both ends included
    date_to: date | None = None


class AuditEventOut(msgspec.Struct):
    id: int
    actor_id: int | None
    actor_name: str
    actor_role: Role | None
    action: str
    action_label: str  # 「利用者の役割を変更」
    action_label_en: str
    target_type: str
    target_label: str
    target_id: str
    summary: str  # the details in words: 「役割：住民 → 職員」
    summary_en: str
    details: dict[str, AuditValue]
    created_at: datetime


def _jst_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), JST)


def conditions(where: AuditFilter) -> list[ColumnElement[bool]]:
    out: list[ColumnElement[bool]] = []
    if where.actor_id is not None:
        out.append(AuditEvent.actor_id == where.actor_id)
    if where.action:
        out.append(AuditEvent.action == where.action)
    if where.target_type:
        out.append(AuditEvent.target_type == where.target_type)
    if where.date_from:
        out.append(AuditEvent.created_at >= _jst_midnight(where.date_from))
    if where.date_to:
        out.append(AuditEvent.created_at < _jst_midnight(where.date_to + timedelta(days=1)))
    return out


async def count_events(session: AsyncSession, where: AuditFilter) -> int:
    query = select(func.count()).select_from(AuditEvent).where(*conditions(where))
    return int((await session.execute(query)).scalar_one())


async def events_out(session: AsyncSession, events: list[AuditEvent]) -> list[AuditEventOut]:
    """The rows with their actors' names and roles, actions and details in words."""
    ids = {e.actor_id for e in events if e.actor_id is not None}
    ids |= {
        e.details[f] for e in events for f in PERSON_FIELDS if isinstance(e.details.get(f), int)
    }
    people: dict[int, tuple[str, Role | None]] = {}
    if ids:
        people = {
            row.id: (row.display_name, row.role)
            for row in (
                await session.execute(
                    select(User.id, User.display_name, User.role).where(User.id.in_(ids))
                )
            ).all()
        }
    out = []
    for e in events:
        name, role = (
            (SYSTEM_NAME, None)
            if e.actor_id is None
            else people.get(e.actor_id, (f"#{e.actor_id}", None))
        )
        details = {
            k: people[v][0] if k in PERSON_FIELDS and v in people else v
            for k, v in e.details.items()
        }
        out.append(
            AuditEventOut(
                e.id,
                e.actor_id,
                name,
                role,
                e.action,
                action_label(e.action),
                action_label(e.action, "en"),
                e.target_type,
                target_label(e.target_type),
                e.target_id,
                describe(e.action, details),
                describe(e.action, details, "en"),
                e.details,
                e.created_at,
            )
        )
    return out


CSV_COLUMNS = (
    "日時（日本時間）",
    "操作者",
    "操作者の役割",
    "操作",
    "対象",
    "対象ID",
    "内容",
    "操作コード",
)


def csv_rows(events: list[AuditEventOut]) -> list[dict[str, Any]]:
    return [
        dict(
            zip(
                CSV_COLUMNS,
                (
                    e.created_at.astimezone(JST).strftime("%Y-%m-%d %H:%M:%S"),
                    e.actor_name,
                    role_label(e.actor_role),
                    e.action_label,
                    e.target_label,
                    e.target_id,
                    e.summary,
                    e.action,
                ),
                strict=True,
            )
        )
        for e in events
    ]
