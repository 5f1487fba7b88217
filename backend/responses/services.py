"""The city's response per theme, proposal or draft comment, and the public-comment table."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.analysis.services import succeeded_run
from backend.analysis.themes import load_edited_themes
from backend.audit.service import record_audit
from backend.core.database import in_ids, utcnow
from backend.core.errors import InvalidInput, NotFound
from backend.notifications.services import record_notice
from backend.processes.services import get_process
from backend.proposals.models import Proposal
from backend.proposals.withheld import withheld_proposals
from backend.responses.comments import COMMENT, comment_target, comment_titles
from backend.responses.models import CityResponse
from backend.responses.schemas import (
    STATUS_LABELS_JA,
    ResponseOut,
    ResponseTable,
    ResponseTarget,
    ResponseUpsert,
)


def theme_target(run_id: int, theme_key: str) -> str:
    return f"{run_id}:{theme_key}"


async def _target(
    session: AsyncSession, process_id: int, data: ResponseUpsert
) -> tuple[ResponseTarget, str]:
    named = [
        data.proposal_id is not None,
        data.run_id is not None or data.theme_key is not None,
        data.comment_id is not None,
    ]
    if named.count(True) != 1:
        raise InvalidInput(
            "Name exactly one target: proposal_id, or run_id with theme_key, "
            "or comment_id (a comment on the draft)."
        )
    if data.comment_id is not None:
        return COMMENT, await comment_target(session, process_id, data.comment_id)
    if data.proposal_id is not None:
        proposal = await session.get(Proposal, data.proposal_id)
        if proposal is None or proposal.process_id != process_id:
            raise InvalidInput(f"Proposal {data.proposal_id} is not part of this process.")
        return "proposal", str(proposal.id)
    if data.run_id is None or data.theme_key is None:
        raise InvalidInput("A response to a theme needs both run_id (the analysis) and theme_key.")
    run = await succeeded_run(session, data.run_id)
    if run.process_id != process_id:
        raise InvalidInput(f"Run {run.id} belongs to another process.")
    (await load_edited_themes(session, run.id, public=False)).require(str(data.theme_key))
    return "theme", theme_target(run.id, str(data.theme_key))


def _audit_type(target_type: str) -> str:
    # "comment" in the audit log names a comment on a proposal (backup/format.py AUDIT_TARGETS)
    return "draft_comment" if target_type == COMMENT else target_type


async def upsert_response(
    session: AsyncSession, actor_id: int, process_id: int, data: ResponseUpsert
) -> CityResponse:
    await get_process(session, process_id)
    target_type, target_key = await _target(session, process_id, data)
    row = (
        await session.execute(
            select(CityResponse)
            .where(
                CityResponse.process_id == process_id,
                CityResponse.target_type == target_type,
                CityResponse.target_key == target_key,
            )
            .with_for_update()
        )
    ).scalar_one_or_none()
    if row is None:
        row = CityResponse(process_id=process_id, target_type=target_type, target_key=target_key)
        session.add(row)
    row.summary, row.response, row.status = data.summary.strip(), data.response.strip(), data.status
    row.author_id, row.updated_at = actor_id, utcnow()
    await session.flush()
    record_audit(
        session,
        actor_id,
        "response.saved",
        _audit_type(target_type),
        target_key,
        status=data.status,
    )
    return row


async def get_response(session: AsyncSession, response_id: int) -> CityResponse:
    row = await session.get(CityResponse, response_id)
    if row is None:
        raise NotFound(f"There is no response {response_id}.")
    return row


async def publish_response(session: AsyncSession, actor_id: int, response_id: int) -> None:
    """Residents read the response as it is now (called when its approval is granted)."""
    row = await get_response(session, response_id)
    row.published_summary, row.published_response = row.summary, row.response
    row.published_status, row.published_at = row.status, utcnow()
    record_audit(
        session,
        actor_id,
        "response.published",
        _audit_type(row.target_type),
        row.target_key,
        status=row.status,
    )
    if row.target_type == "proposal":
        await _notify_proposal_author(session, int(row.target_key))


async def _notify_proposal_author(session: AsyncSession, proposal_id: int) -> None:
    proposal = await session.get(Proposal, proposal_id)
    # a paper, meeting or phone submission has no account to tell
    if proposal is not None and proposal.status == "published" and proposal.author_id:
        record_notice(
            session,
            proposal.author_id,
            "answer_published",
            proposal.title,
            f"/proposals/{proposal.id}",
        )


async def response_table(
    session: AsyncSession, process_id: int, *, public: bool = True
) -> ResponseTable:
    """Every response of a process as planners wrote it; for the public only the approved
    copy of the published ones, none to a hidden or withdrawn proposal nor to a comment the
    public does not see."""
    await get_process(session, process_id)
    rows = list(
        (
            await session.execute(
                select(CityResponse)
                .where(CityResponse.process_id == process_id)
                .order_by(CityResponse.id)
            )
        ).scalars()
    )
    if public:
        rows = [published_copy(r) for r in rows if r.published_at is not None]
        withheld = {str(pid) for pid in await withheld_proposals(session, process_id)}
        rows = [r for r in rows if r.target_type != "proposal" or r.target_key not in withheld]
    titles: dict[str, str] = {}
    proposal_ids = [int(r.target_key) for r in rows if r.target_type == "proposal"]
    if proposal_ids:
        named = select(Proposal.id, Proposal.title).where(
            in_ids(session, Proposal.id, proposal_ids)
        )
        titles.update({str(i): t for i, t in (await session.execute(named)).all()})
    for run_id in {int(r.target_key.split(":")[0]) for r in rows if r.target_type == "theme"}:
        state = await load_edited_themes(session, run_id, public=public)
        titles.update({theme_target(run_id, k): t.title for k, t in state.themes.items()})
    comments = await comment_titles(
        session, [r.target_key for r in rows if r.target_type == COMMENT], public=public
    )
    if public:
        rows = [r for r in rows if r.target_type != COMMENT or r.target_key in comments]
    titles.update({f"{COMMENT}:{k}": t for k, t in comments.items()})
    items = [response_out(r, titles.get(_title_key(r), "")) for r in rows]
    counts = {status: sum(1 for r in rows if r.status == status) for status in STATUS_LABELS_JA}
    return ResponseTable(items, counts)


def _title_key(row: CityResponse) -> str:
    # comment and proposal ids are both plain numbers
    return f"{COMMENT}:{row.target_key}" if row.target_type == COMMENT else row.target_key


def published_copy(row: CityResponse) -> CityResponse:
    """A detached row holding what residents read (the approved copy)."""
    return CityResponse(
        id=row.id,
        process_id=row.process_id,
        target_type=row.target_type,
        target_key=row.target_key,
        summary=row.published_summary,
        response=row.published_response,
        status=row.published_status,
        updated_at=row.published_at,
        published_at=row.published_at,
    )


def response_out(row: CityResponse, title: str) -> ResponseOut:
    is_theme = row.target_type == "theme"
    run_id, theme_key = row.target_key.split(":", 1) if is_theme else (None, None)
    number = None if is_theme else int(row.target_key)
    is_comment = row.target_type == COMMENT
    return ResponseOut(
        row.id,
        row.target_type,
        None if is_comment else number,
        int(run_id) if run_id else None,
        theme_key,
        title,
        row.summary,
        row.response,
        row.status,
        STATUS_LABELS_JA[row.status],
        row.updated_at,
        row.published_at,
        number if is_comment else None,
    )


async def titled_response(session: AsyncSession, row: CityResponse, *, public: bool) -> ResponseOut:
    """One response with the title of what it answers (the proposal, the edited theme, or the
    comment on its plan item: for ``public`` as residents read it)."""
    if row.target_type == COMMENT:
        titles = await comment_titles(session, [row.target_key], public=public)
        return response_out(row, titles.get(row.target_key, ""))
    if row.target_type == "proposal":
        proposal = await session.get(Proposal, int(row.target_key))
        return response_out(row, proposal.title if proposal else "")
    run_id, key = row.target_key.split(":", 1)
    theme = (await load_edited_themes(session, int(run_id), public=public)).themes.get(key)
    return response_out(row, theme.title if theme else "")


async def responses_for(
    session: AsyncSession, process_id: int, proposal_id: int, theme: tuple[int, str] | None
) -> list[ResponseOut]:
    """The published responses to a proposal and to its theme (what residents read)."""
    keys = [("proposal", str(proposal_id))]
    if theme is not None:
        keys.append(("theme", theme_target(*theme)))
    out = []
    for target_type, key in keys:
        row = (
            await session.execute(
                select(CityResponse).where(
                    CityResponse.process_id == process_id,
                    CityResponse.target_type == target_type,
                    CityResponse.target_key == key,
                )
            )
        ).scalar_one_or_none()
        if row is not None and row.published_at is not None:
            out.append(await titled_response(session, published_copy(row), public=True))
    return out
