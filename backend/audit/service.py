"""Recording audit events inside the staff action's own transaction."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit.models import AuditEvent

# What a detail of an event may be: the API documents it as exactly this (no free JSON), and
# every recorder so far needs no more (a phase, counts, ids, a before/after of a few columns).
# No ``int``: the OpenAPI says ``oneOf`` integer/number, which a whole number matches twice
# (schemathesis found it); ``float`` takes ints for mypy and they stay ints on the wire.
AuditScalar = str | float | bool | None
AuditValue = AuditScalar | Sequence[AuditScalar] | Mapping[str, AuditScalar]


def record_audit(
    session: AsyncSession,
    actor_id: int | None,
    action: str,
    target_type: str,
    target_id: int | str,
    **details: AuditValue,
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
