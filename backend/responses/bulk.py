"""まとめて回答: one response for every visible proposal of a theme, and the theme's responses as
one approval (決裁) instead of one per proposal.

Bulk responses are unpublished like any other: residents read them only once a second staff
member approves them. A theme of 100 proposals would otherwise be 100 submissions and 100
approvals, so ``approvals/subjects.py`` has the kind ``theme_responses`` (object: the run,
target: the theme key): its preview lists every response to the theme's visible proposals
that residents do not read as it stands (new or edited since its approval), and approving it
publishes exactly those.
"""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.analysis.services import succeeded_run
from backend.analysis.themes import load_edited_themes
from backend.audit.service import record_audit
from backend.core.database import in_ids, utcnow
from backend.core.errors import MAX_ID, NotFound
from backend.processes.services import get_process
from backend.proposals.models import Proposal
from backend.proposals.withheld import withheld_proposals
from backend.responses.models import CityResponse
from backend.responses.schemas import STATUS_LABELS_JA, ReflectionStatus


class BulkResponse(msgspec.Struct, forbid_unknown_fields=True):
    """The same response to every visible proposal of a theme (unanswered ones only unless
    ``only_unanswered`` is false, which also overwrites their answers)."""

    run_id: Annotated[int, msgspec.Meta(ge=1, le=MAX_ID)]
    theme_key: Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
    summary: Annotated[str, msgspec.Meta(min_length=1, max_length=4000)]
    response: Annotated[str, msgspec.Meta(min_length=1, max_length=8000)]
    status: ReflectionStatus
    only_unanswered: bool = True


class BulkResult(msgspec.Struct):
    created: int
    updated: int
    skipped: int  # already answered, left as they were
    response_ids: list[int]  # the responses created or updated


async def theme_members(
    session: AsyncSession, process_id: int, run_id: int, theme_key: str
) -> tuple[str, list[int]]:
    """The theme's title and its proposals residents can see (hidden, withdrawn and excluded
    ones left out), in id order."""
    try:
        run = await succeeded_run(session, run_id)
    except NotFound:
        run = None
    if run is None or run.process_id != process_id:
        raise NotFound(f"There is no analysis run {run_id} with themes in this process.")
    themes = await load_edited_themes(session, run.id, public=False)
    if theme_key not in themes.themes:
        raise NotFound(
            f"There is no theme '{theme_key}' in analysis run {run.id}. Reload the "
            "themes and choose one of them."
        )
    withheld = await withheld_proposals(session, process_id)
    return (
        themes.themes[theme_key].title,
        [p for p in themes.members(theme_key) if p not in withheld],
    )


async def _proposal_responses(
    session: AsyncSession, process_id: int, members: list[int], *, lock: bool = False
) -> dict[int, CityResponse]:
    # all of the process's proposal responses: target_key is text, so in_ids cannot bound it
    query = select(CityResponse).where(
        CityResponse.process_id == process_id, CityResponse.target_type == "proposal"
    )
    rows = (await session.execute(query.with_for_update() if lock else query)).scalars()
    wanted = set(members)
    return {int(r.target_key): r for r in rows if int(r.target_key) in wanted}


async def bulk_respond(
    session: AsyncSession, actor_id: int, process_id: int, data: BulkResponse
) -> BulkResult:
    """One transaction, one audit entry with the counts."""
    await get_process(session, process_id)
    _, members = await theme_members(session, process_id, data.run_id, data.theme_key)
    existing = await _proposal_responses(session, process_id, members, lock=True)
    summary, text, now = data.summary.strip(), data.response.strip(), utcnow()
    created, updated, skipped = [], [], 0
    for pid in members:
        row = existing.get(pid)
        if row is not None and data.only_unanswered:
            skipped += 1
            continue
        if row is None:
            row = CityResponse(process_id=process_id, target_type="proposal", target_key=str(pid))
            session.add(row)
            created.append(row)
        else:
            updated.append(row)
        row.summary, row.response, row.status = summary, text, data.status
        row.author_id, row.updated_at = actor_id, now
    await session.flush()
    record_audit(
        session,
        actor_id,
        "response.bulk_saved",
        "analysis_run",
        data.run_id,
        theme_key=data.theme_key,
        status=data.status,
        created=len(created),
        updated=len(updated),
        skipped=skipped,
    )
    return BulkResult(
        len(created), len(updated), skipped, sorted(r.id for r in [*created, *updated])
    )


def _unpublished(row: CityResponse) -> bool:
    return row.published_at is None or (row.summary, row.response, row.status) != (
        row.published_summary,
        row.published_response,
        row.published_status,
    )


async def theme_responses_to_publish(
    session: AsyncSession, process_id: int, run_id: int, theme_key: str
) -> tuple[str, list[dict[str, Any]]]:
    """The theme's title and, in proposal order, each response to one of its visible proposals
    that residents do not read as it stands: what the approval shows and publishes."""
    title, members = await theme_members(session, process_id, run_id, theme_key)
    rows = await _proposal_responses(session, process_id, members)
    pending = [rows[p] for p in members if p in rows and _unpublished(rows[p])]
    titles = dict(
        (
            await session.execute(
                select(Proposal.id, Proposal.title).where(
                    in_ids(session, Proposal.id, [int(r.target_key) for r in pending] or [0])
                )
            )
        ).all()
    )
    return title, [
        {
            "id": r.id,
            "proposal_id": int(r.target_key),
            "target_title": titles.get(int(r.target_key), ""),
            "summary": r.summary,
            "response": r.response,
            "status": r.status,
            "status_ja": STATUS_LABELS_JA.get(r.status, r.status),
        }
        for r in pending
    ]
