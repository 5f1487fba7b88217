"""Recording audit events inside the staff action's own transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit.models import AuditEvent


def record_audit(
    session: AsyncSession,
    actor_id: int | None,
    action: str,
    target_type: str,
    target_id: int | str,
    **details: Any,
) -> None:
    """Add an audit event; it commits or rolls back together with the action it records."""
    session.add(
        AuditEvent(
            actor_id=actor_id,
            action=action,
            target_type=target_type,
            target_id=str(target_id),
            details=details,
        )
    )
