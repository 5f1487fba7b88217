"""The approval workflow (決裁): preview → submit → approve (publishes) or return (差し戻し).

Four eyes: whoever submitted can never approve it; any other planner or administrator can
(docs/architecture.md says why no separate role). Every step is in the audit log.
"""

from __future__ import annotations

from typing import Any

import msgspec
from sqlalchemy import Select, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from backend.approvals.models import Approval
from backend.approvals.schemas import ApprovalOut, ApprovalPreview, ApprovalReturn, ApprovalSubmit
from backend.approvals.subjects import SUBJECTS, Preview
from backend.audit.service import record_audit
from backend.core.database import utcnow
from backend.core.errors import Conflict, DomainError, Forbidden, NotFound
from backend.processes.services import get_process
from backend.users.models import User


def _audit(
    session: AsyncSession, actor_id: int, step: str, approval: Approval, **details: Any
) -> None:
    """One step of an approval in the audit log, under the object's own audit name."""
    record_audit(
        session,
        actor_id,
        f"approval.{step}",
        SUBJECTS[approval.object_type].audit_type,
        approval.object_id,
        object_type=approval.object_type,
        approval_id=approval.id,
        target=approval.target,
        **details,
    )


async def _preview(
    session: AsyncSession, process_id: int, object_type: str, object_id: int, target: str
) -> Preview:
    await get_process(session, process_id)
    return await SUBJECTS[object_type].preview(session, process_id, object_id, target)


async def preview(
    session: AsyncSession, process_id: int, object_type: str, object_id: int, target: str
) -> ApprovalPreview:
    shown = await _preview(session, process_id, object_type, object_id, target)
    return msgspec.convert(  # the variant of the object_type: the preview in its shape
        {
            "object_type": object_type,
            "object_id": object_id,
            "target": target,
            "title": shown.title,
            "preview": shown.body,
            "payload_hash": shown.payload_hash,
        },
        ApprovalPreview,
    )


async def submit(
    session: AsyncSession, actor_id: int, process_id: int, data: ApprovalSubmit
) -> Approval:
    """決裁に回す: store the preview the planner saw; an earlier pending submission of the same
    object (for a phase: of the process) is void."""
    shown = await _preview(session, process_id, data.object_type, data.object_id, data.target)
    if shown.payload_hash != data.payload_hash:
        raise Conflict(
            "This changed after you opened the preview. Open the preview again, "
            "check it and submit what it shows."
        )
    same = [
        Approval.process_id == process_id,
        Approval.object_type == data.object_type,
        Approval.object_id == str(data.object_id),
        Approval.status == "submitted",
    ]
    if data.object_type == "theme_responses":  # one run, a submission per theme
        same.append(Approval.target == data.target)
    replaced = list((await session.execute(select(Approval.id).where(*same))).scalars())
    if replaced:
        await session.execute(update(Approval).where(*same).values(status="void"))
    approval = Approval(
        process_id=process_id,
        object_type=data.object_type,
        object_id=str(data.object_id),
        target=data.target,
        title=shown.title[:300],
        preview=shown.body,
        payload_hash=shown.payload_hash,
        status="submitted",
        submitted_by_id=actor_id,
        comment="",
    )
    session.add(approval)
    await session.flush()
    _audit(
        session, actor_id, "submitted", approval, payload_hash=shown.payload_hash, replaced=replaced
    )
    return approval


async def _pending(session: AsyncSession, approval_id: int) -> Approval:
    approval = (
        await session.execute(select(Approval).where(Approval.id == approval_id).with_for_update())
    ).scalar_one_or_none()
    if approval is None:
        raise NotFound(f"There is no approval {approval_id}.")
    if approval.status != "submitted":
        raise Conflict(
            f"Approval {approval_id} is {approval.status}: only a submitted one can be decided.",
            approval_status=approval.status,
        )
    return approval


async def _is_stale(session: AsyncSession, approval: Approval) -> bool:
    try:
        shown = await _preview(
            session,
            approval.process_id,
            approval.object_type,
            int(approval.object_id),
            approval.target,
        )
    except DomainError:  # the object is gone or cannot be published as submitted
        return True
    return shown.payload_hash != approval.payload_hash


async def approve(session: AsyncSession, actor_id: int, approval_id: int) -> Approval:
    """承認して公開: only someone other than the submitter, and only the content submitted."""
    approval = await _pending(session, approval_id)
    if approval.submitted_by_id == actor_id:
        raise Forbidden(
            "You submitted this yourself, so you cannot approve it: another planner "
            "or an administrator must approve it (決裁は提出者以外の職員が行います)."
        )
    if await _is_stale(session, approval):
        raise Conflict(
            "This changed after it was submitted, so what the approver would see is "
            "not what was submitted. Return it, and have the planner submit the "
            "current version again."
        )
    approval.status, approval.decided_by_id, approval.decided_at = ("approved", actor_id, utcnow())
    _audit(
        session,
        actor_id,
        "approved",
        approval,
        submitted_by=approval.submitted_by_id,
        payload_hash=approval.payload_hash,
    )
    await SUBJECTS[approval.object_type].publish(
        session, actor_id, int(approval.object_id), approval.target, dict(approval.preview)
    )
    return approval


async def send_back(
    session: AsyncSession, actor_id: int, approval_id: int, data: ApprovalReturn
) -> Approval:
    """差し戻す: back to the planner with a comment; nothing is published."""
    approval = await _pending(session, approval_id)
    approval.status, approval.decided_by_id, approval.decided_at = ("returned", actor_id, utcnow())
    approval.comment = data.comment.strip()
    _audit(session, actor_id, "returned", approval, comment=approval.comment)
    return approval


def _named() -> Select[Approval, str, str]:
    """Each approval with its submitter's and decider's names; the decider's is None until
    someone decides (an outer join, which SQLAlchemy's types do not show)."""
    submitter, decider = aliased(User), aliased(User)
    return (
        select(Approval, submitter.display_name, decider.display_name)
        .join(submitter, submitter.id == Approval.submitted_by_id)
        .outerjoin(decider, decider.id == Approval.decided_by_id)
    )


async def list_approvals(
    session: AsyncSession, process_id: int | None, status: str | None, limit: int = 100
) -> list[ApprovalOut]:
    """Newest first; a pending one says whether its object changed since it was submitted."""
    query = _named().order_by(Approval.id.desc()).limit(limit)
    if process_id is not None:
        query = query.where(Approval.process_id == process_id)
    if status is not None:
        query = query.where(Approval.status == status)
    return [await _out(session, a, s, d) for a, s, d in (await session.execute(query)).all()]


async def approval_out(session: AsyncSession, approval: Approval) -> ApprovalOut:
    row = (await session.execute(_named().where(Approval.id == approval.id))).one()
    return await _out(session, *row)


async def _out(
    session: AsyncSession, a: Approval, submitted_by: str, decided_by: str | None
) -> ApprovalOut:
    stale = a.status == "submitted" and await _is_stale(session, a)
    return msgspec.convert(  # the variant of the object_type: the stored preview in its shape
        {
            "object_type": a.object_type,
            "id": a.id,
            "process_id": a.process_id,
            "object_id": int(a.object_id),
            "target": a.target,
            "title": a.title,
            "preview": a.preview,
            "status": a.status,
            "submitted_by": submitted_by,
            "submitted_by_id": a.submitted_by_id,
            "submitted_at": a.submitted_at,
            "decided_by": decided_by,
            "decided_at": a.decided_at,
            "comment": a.comment,
            "stale": stale,
        },
        ApprovalOut,
    )
