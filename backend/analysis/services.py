"""Starting, watching, cancelling, retrying, publishing and comparing analysis runs."""

from __future__ import annotations

from typing import Any

import msgspec
from sqlalchemy import select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.analysis.models import RUN_ACTIVE, AnalysisRun
from backend.analysis.results import decode_duplicates, decode_opinions, stored_payload
from backend.analysis.runner import run_params
from backend.analysis.schemas import (
    AnalysisParams,
    DuplicateGroupOut,
    ExcludedProposal,
    KeywordOut,
    MapPoint,
    OpinionGroupOut,
    OpinionsOut,
    RunComparison,
    RunMetrics,
    RunOut,
    StatementOut,
    SupportOut,
    ThemeBoard,
    ThemeChange,
    ThemeOut,
)
from backend.analysis.themes import EditedThemes, ThemeState, load_edited_themes
from backend.audit.service import record_audit
from backend.core.database import in_ids, utcnow
from backend.core.errors import Conflict, NotFound
from backend.processes.services import get_process
from backend.proposals.models import Proposal
from backend.proposals.withheld import withheld_proposals
from backend.stats.channels import channel_cells, group_channel_counts, proposal_channels
from ml.schema import StatementStat


def run_out(run: AnalysisRun) -> RunOut:
    return RunOut(
        run.id,
        run.process_id,
        run.status,
        run.stage,
        run.progress,
        run_params(run.params),
        run.backend,
        run.model,
        run.error,
        run.input_hash,
        msgspec.convert(run.metrics or {}, RunMetrics),
        run.attempts,
        run.created_at,
        run.started_at,
        run.finished_at,
        run.published_at,
    )


async def get_run(session: AsyncSession, run_id: int) -> AnalysisRun:
    run = await session.get(AnalysisRun, run_id)
    if run is None:
        raise NotFound(f"There is no analysis run {run_id}.")
    return run


async def _active_run(session: AsyncSession, process_id: int) -> AnalysisRun | None:
    return (
        (
            await session.execute(
                select(AnalysisRun)
                .where(AnalysisRun.process_id == process_id, AnalysisRun.status.in_(RUN_ACTIVE))
                .with_for_update()
            )
        )
        .scalars()
        .first()
    )


def _conflict_with(active: AnalysisRun) -> Conflict:
    return Conflict(
        f"Analysis run {active.id} of this process is still {active.status}. "
        "Wait for it to finish or cancel it first.",
        run_id=active.id,
    )


async def start_run(
    session: AsyncSession, actor_id: int, process_id: int, params: AnalysisParams
) -> AnalysisRun:
    """Queue a run; a second start while one is active answers 409 with that run's id."""
    await get_process(session, process_id)
    if session.get_bind().dialect.name == "postgresql":
        # serialise starts per process (SQLite writers are serialised already)
        await session.execute(
            text("SELECT pg_advisory_xact_lock(:key)"), {"key": 7_000_000 + process_id}
        )
    if (active := await _active_run(session, process_id)) is not None:
        raise _conflict_with(active)
    run = AnalysisRun(
        process_id=process_id, params=msgspec.to_builtins(params), created_by_id=actor_id
    )
    session.add(run)
    try:
        await session.flush()
    except IntegrityError as exc:
        raise Conflict("Another analysis run was started at the same moment.") from exc
    record_audit(
        session,
        actor_id,
        "analysis.started",
        "analysis_run",
        run.id,
        process_id=process_id,
        params=msgspec.to_builtins(params),
    )
    return run


async def list_runs(session: AsyncSession, process_id: int) -> list[RunOut]:
    await get_process(session, process_id)
    runs = (
        await session.execute(
            select(AnalysisRun)
            .where(AnalysisRun.process_id == process_id)
            .order_by(AnalysisRun.id.desc())
        )
    ).scalars()
    return [run_out(r) for r in runs]


async def cancel_run(session: AsyncSession, actor_id: int, run_id: int) -> AnalysisRun:
    run = await get_run(session, run_id)
    if run.status not in RUN_ACTIVE:
        raise Conflict(
            f"Run {run_id} is already {run.status}; only a queued or running run can be cancelled."
        )
    run.cancel_requested = True
    if run.status == "queued":
        run.status, run.stage, run.finished_at = "cancelled", "cancelled", utcnow()
    record_audit(session, actor_id, "analysis.cancelled", "analysis_run", run.id)
    return run


async def retry_run(session: AsyncSession, actor_id: int, run_id: int) -> AnalysisRun:
    """Queue a failed or cancelled run again, with the same parameters."""
    run = await get_run(session, run_id)
    if run.status not in ("failed", "cancelled"):
        raise Conflict(
            f"Run {run_id} is {run.status}; only a failed or cancelled run can be retried."
        )
    if (active := await _active_run(session, run.process_id)) is not None:
        raise _conflict_with(active)
    run.status, run.stage, run.progress = "queued", "queued", 0
    run.cancel_requested, run.error, run.finished_at = False, None, None
    # a fresh start: the recovery sweep fails a job whose runner died MAX_ATTEMPTS times
    run.attempts, run.started_at, run.heartbeat_at = 0, None, None
    record_audit(session, actor_id, "analysis.retried", "analysis_run", run.id)
    return run


async def succeeded_run(session: AsyncSession, run_id: int) -> AnalysisRun:
    run = await get_run(session, run_id)
    if run.status != "succeeded":
        raise Conflict(f"Run {run_id} is {run.status}: its themes are not available.")
    return run


async def publish_run(
    session: AsyncSession,
    actor_id: int,
    run_id: int,
    published: bool,
    through_edit_id: int | None = None,
) -> AnalysisRun:
    """Show this run's themes to residents with its edits up to ``through_edit_id`` (the ones
    the approval covered), or hide them; at most one run per process is public."""
    run = await succeeded_run(session, run_id)
    if published:
        await session.execute(
            update(AnalysisRun)
            .where(AnalysisRun.process_id == run.process_id, AnalysisRun.id != run.id)
            .values(published_at=None)
        )
    run.published_at = utcnow() if published else None
    if published:
        run.published_edit_id = through_edit_id
    record_audit(
        session,
        actor_id,
        "themes.published" if published else "themes.unpublished",
        "analysis_run",
        run.id,
        **({"through_edit_id": through_edit_id} if published else {}),
    )
    return run


async def published_run(session: AsyncSession, process_id: int) -> AnalysisRun | None:
    return (
        (
            await session.execute(
                select(AnalysisRun)
                .where(AnalysisRun.process_id == process_id, AnalysisRun.published_at.is_not(None))
                .order_by(AnalysisRun.published_at.desc())
            )
        )
        .scalars()
        .first()
    )


async def _tallies(session: AsyncSession, ids: list[int]) -> dict[int, tuple[int, int, int, str]]:
    if not ids:
        return {}
    rows = await session.execute(
        select(
            Proposal.id,
            Proposal.agree_count,
            Proposal.disagree_count,
            Proposal.pass_count,
            Proposal.title,
        ).where(in_ids(session, Proposal.id, ids))
    )
    return {r.id: (r.agree_count, r.disagree_count, r.pass_count, r.title) for r in rows}


def _theme_out(
    state: EditedThemes, theme: ThemeState, tallies: dict[int, Any], with_children: bool
) -> ThemeOut:
    members = state.members(theme.key)
    support = SupportOut(*(sum(tallies[p][i] for p in members if p in tallies) for i in range(3)))
    children = (
        [_theme_out(state, c, tallies, False) for c in state.children(theme.key)]
        if with_children
        else []
    )
    children = [c for c in children if c.size > 0]
    return ThemeOut(
        theme.key,
        theme.level,
        theme.parent_key,
        theme.title,
        theme.summary,
        [KeywordOut(k["word"], k["score"]) for k in theme.keywords],
        [r for r in theme.representative_ids if r in set(members)],
        members,
        len(members),
        theme.is_other,
        support,
        theme.x,
        theme.y,
        children,
        theme.title_en,
    )


async def theme_board(session: AsyncSession, run: AnalysisRun, *, staff: bool) -> ThemeBoard:
    """Staff: every edit, the map and the excluded proposals, and how many edits residents do
    not see yet; the public: the themes as approved, without hidden or withdrawn proposals."""
    state = await load_edited_themes(session, run.id, public=not staff)
    return await board_of(session, run, state, staff=staff)


async def board_of(
    session: AsyncSession, run: AnalysisRun, state: EditedThemes, *, staff: bool
) -> ThemeBoard:
    """The board for these edited themes; ``staff=False`` shows them as residents would."""
    if not staff:
        state.withhold(await withheld_proposals(session, run.process_id))
    tallies = await _tallies(session, list(state.assignment))
    themes = [_theme_out(state, t, tallies, True) for t in state.top_level()]
    themes = sorted((t for t in themes if t.size > 0), key=lambda t: (t.is_other, -t.size))
    points = (
        [
            MapPoint(
                pid,
                theme,
                sub,
                *state.points.get(pid, (0.0, 0.0)),
                tallies[pid][3] if pid in tallies else "",
            )
            for pid, (theme, sub) in sorted(state.assignment.items())
            if pid not in state.excluded
        ]
        if staff
        else []
    )
    excluded = (
        [ExcludedProposal(pid, reason) for pid, reason in sorted(state.excluded.items())]
        if staff
        else []
    )
    published = run.published_at is not None
    unpublished = state.unpublished_edits if staff and published else 0
    return ThemeBoard(run.id, published, themes, excluded, points, unpublished)


async def opinions(session: AsyncSession, run: AnalysisRun) -> OpinionsOut:
    result = decode_opinions(await stored_payload(session, run.id))
    if result is None:
        return OpinionsOut([], [], [], 0, 0)
    stats = [*result.consensus, *result.divisive]
    stats += [s for g in result.groups for s in g.representative]
    ids = sorted({int(s.proposal_id) for s in stats})
    titles = {pid: t[3] for pid, t in (await _tallies(session, ids)).items()}
    channel_of = await proposal_channels(session, ids)

    def titled(stat: StatementStat) -> StatementOut:
        pid = int(stat.proposal_id)  # the analysis ran on the proposals' (integer) ids
        return StatementOut(
            pid,
            stat.group,
            stat.agree,
            stat.disagree,
            stat.seen,
            stat.p_agree,
            stat.p_disagree,
            stat.repful,
            stat.repness,
            titles.get(pid, ""),
        )

    return OpinionsOut(
        groups=[
            OpinionGroupOut(
                g.id,
                len(g.participants),
                [titled(s) for s in g.representative],
                channel_cells(
                    *group_channel_counts(
                        g.participants, [int(s.proposal_id) for s in g.representative], channel_of
                    )
                ),
            )
            for g in result.groups
        ],
        consensus=[titled(s) for s in result.consensus],
        divisive=[titled(s) for s in result.divisive],
        n_participants=result.n_participants,
        n_participants_clustered=result.n_participants_clustered,
    )


async def near_duplicates(session: AsyncSession, run: AnalysisRun) -> list[DuplicateGroupOut]:
    return [
        DuplicateGroupOut(
            g.id, [int(p) for p in g.proposal_ids], int(g.representative_id), g.is_campaign
        )
        for g in decode_duplicates(await stored_payload(session, run.id))
    ]


async def compare_runs(session: AsyncSession, base_id: int, other_id: int) -> RunComparison:
    """Match each theme of the base run to the other run's theme it shares most proposals
    with, then list the proposals whose matched theme differs."""
    base = await load_edited_themes(
        session, (await succeeded_run(session, base_id)).id, public=False
    )
    other = await load_edited_themes(
        session, (await succeeded_run(session, other_id)).id, public=False
    )
    mapping: dict[str, str | None] = {}
    for theme in base.top_level():
        overlap: dict[str, int] = {}
        for pid in base.members(theme.key):
            if (target := other.theme_of(pid)) is not None:
                overlap[target] = overlap.get(target, 0) + 1
        mapping[theme.key] = max(overlap, key=lambda k: (overlap[k], k)) if overlap else None
    changed, unchanged = [], 0
    for pid in sorted(set(base.assignment) | set(other.assignment)):
        before, after = base.theme_of(pid), other.theme_of(pid)
        if before is not None and after is not None and mapping.get(before) == after:
            unchanged += 1
        else:
            changed.append(ThemeChange(pid, before, after))
    return RunComparison(base_id, other_id, mapping, changed, unchanged)
