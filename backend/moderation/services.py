"""Reports from residents and the staff's hide / restore / resolve decisions (audited)."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit.service import record_audit
from backend.comments.models import Comment
from backend.comments.services import get_comment
from backend.core.errors import Conflict, NotFound
from backend.core.pagination import Page, decode_cursor, next_id_cursor
from backend.core.text import clean_required
from backend.moderation.models import Report
from backend.moderation.schemas import (
    ModeratedStatus,
    ModeratedType,
    ModerationResult,
    ReportCreate,
    ReportOut,
    ReportStatus,
)
from backend.proposals.models import Proposal
from backend.proposals.services import get_proposal
from backend.users.auth import CurrentUser


async def report_target(
    session: AsyncSession,
    user: CurrentUser,
    target_type: ModeratedType,
    target_id: int,
    data: ReportCreate,
) -> Report:
    if target_type == "proposal":
        await get_proposal(session, target_id, user)
    else:
        await get_comment(session, target_id)
    duplicate = await session.execute(
        select(Report.id).where(
            Report.reporter_id == user.id,
            Report.target_type == target_type,
            Report.target_id == target_id,
            Report.status == "open",
        )
    )
    if duplicate.first():
        raise Conflict("You have already reported this; the city staff will look at it.")
    report = Report(
        reporter_id=user.id,
        target_type=target_type,
        target_id=target_id,
        reason=data.reason,
        note=data.note.strip(),
    )
    session.add(report)
    await session.flush()
    return report


async def _excerpt(session: AsyncSession, report: Report) -> str:
    if report.target_type == "proposal":
        proposal = await session.get(Proposal, report.target_id)
        text = f"{proposal.title}: {proposal.body}" if proposal else ""
    else:
        comment = await session.get(Comment, report.target_id)
        text = comment.body if comment else ""
    return text[:140]


async def list_reports(
    session: AsyncSession, status: ReportStatus, cursor: str | None, limit: int
) -> Page[ReportOut]:
    query = select(Report).where(Report.status == status).order_by(Report.id.desc())
    if cursor:
        query = query.where(Report.id < decode_cursor(cursor)[1])
    rows = list((await session.execute(query.limit(limit + 1))).scalars())
    items = [
        ReportOut(
            r.id,
            r.target_type,
            r.target_id,
            r.reason,
            r.note,
            r.status,
            r.created_at,
            await _excerpt(session, r),
        )
        for r in rows[:limit]
    ]
    return Page(items, next_id_cursor(rows, limit))


async def set_visibility(
    session: AsyncSession,
    staff: CurrentUser,
    target_type: ModeratedType,
    target_id: int,
    hidden: bool,
    reason: str,
) -> ModerationResult:
    reason = clean_required(reason, "reason")
    target = await (
        get_proposal(session, target_id, staff)
        if target_type == "proposal"
        else get_comment(session, target_id)
    )
    new_status: ModeratedStatus = "hidden" if hidden else "published"
    if target.status == "withdrawn":
        raise Conflict("A withdrawn proposal is not moderated.")
    if target.status == new_status:
        raise Conflict(f"This {target_type} is already {new_status}.")
    target.status, target.status_reason = new_status, reason
    if isinstance(target, Comment):
        delta = -1 if hidden else 1
        await session.execute(
            update(Proposal)
            .where(Proposal.id == target.proposal_id)
            .values(comment_count=Proposal.comment_count + delta)
            .execution_options(synchronize_session=False)
        )
    await session.execute(
        update(Report)
        .where(
            Report.target_type == target_type,
            Report.target_id == target_id,
            Report.status == "open",
        )
        .values(status="resolved", resolved_by_id=staff.id)
    )
    record_audit(
        session,
        staff.id,
        f"{target_type}.{'hidden' if hidden else 'restored'}",
        target_type,
        target_id,
        reason=reason,
    )
    return ModerationResult(target_type, target_id, new_status)


async def resolve_report(session: AsyncSession, staff: CurrentUser, report_id: int) -> Report:
    report = await session.get(Report, report_id)
    if report is None:
        raise NotFound(f"There is no report {report_id}.")
    if report.status == "resolved":
        raise Conflict("This report is already resolved.")
    report.status, report.resolved_by_id = "resolved", staff.id
    record_audit(session, staff.id, "report.resolved", "report", report.id)
    return report
