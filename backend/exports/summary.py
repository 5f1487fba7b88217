"""Collecting the co-creation summary (共創の記録) of a process from the database.

Everything here is already anonymised: no names or e-mails, people counted only in breakdown
cells of five or more (see ``privacy``), and every free text PII-masked.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.analysis.models import AnalysisRun
from backend.analysis.results import decode_opinions, stored_payload
from backend.analysis.themes import EditedThemes, load_edited_themes
from backend.core.database import in_ids
from backend.core.privacy import CountRow, excerpt, masked, people_cell, suppress_small_cells
from backend.drafts.kpi_check import kpi_value
from backend.drafts.models import Draft
from backend.drafts.schemas import DraftContent, Kpi
from backend.drafts.services import lineage, shown_content
from backend.drafts.tracing import draft_coverage
from backend.exports import document as doc
from backend.exports.dates import EraStyle
from backend.exports.labels import (
    AGE_LABELS,
    CHANNEL_LABELS,
    CHANNEL_SHORT_LABELS,
    PHASE_LABELS,
    UNKNOWN,
    group_label,
)
from backend.exports.method import collect_method
from backend.exports.participation import collect_participation
from backend.processes.models import Process
from backend.proposals.models import Proposal
from backend.proposals.withheld import withheld_proposals
from backend.responses.schemas import STATUS_LABELS_JA
from backend.responses.services import response_table
from backend.site.services import issuer
from backend.stats.channels import channel_rows, group_channel_counts, proposal_channels
from backend.users.models import User
from ml.draft import kpi_label
from ml.schema import StatementStat

VOICES_PER_THEME = 3
STATEMENTS_PER_LIST = 5


@dataclass
class Selection:
    """Which analysis run and which draft version a summary is made of, and whether for the
    public (the themes as approved) or for staff (with every edit planners made since)."""

    run: AnalysisRun | None
    draft: Draft | None
    version: int | None
    public: bool


def _overview(process: Process, channels: Counter[str]) -> doc.Overview:
    phases = [
        doc.PhaseRow(
            p.phase,
            PHASE_LABELS.get(p.phase, p.phase),
            p.starts_on,
            p.ends_on,
            p.phase == process.phase,
        )
        for p in process.phases
    ]
    starts = [p.starts_on for p in phases if p.starts_on]
    ends = [p.ends_on for p in phases if p.ends_on]
    return doc.Overview(
        process.id,
        process.slug,
        masked(process.title_ja),
        masked(process.description_ja),
        (min(starts) if starts else None, max(ends) if ends else None),
        phases,
        # each offline proposal is one person: the counts are people, under the small-cell rule
        channel_rows(channels, channels, CHANNEL_LABELS),
    )


async def _texts(session: AsyncSession, ids: list[int]) -> dict[int, Any]:
    if not ids:
        return {}
    rows = await session.execute(
        select(
            Proposal.id,
            Proposal.title,
            Proposal.body,
            Proposal.agree_count,
            Proposal.disagree_count,
            Proposal.pass_count,
        ).where(in_ids(session, Proposal.id, ids))
    )
    return {r.id: r for r in rows}


async def _themes(session: AsyncSession, state: EditedThemes) -> list[doc.ThemeSummary]:
    """The themes as the public sees them: the caller has withheld hidden proposals."""
    rows = await _texts(session, list(state.assignment))
    out = []
    for theme in state.top_level():
        members = state.members(theme.key)
        if not members:
            continue
        agree, disagree, passed = (
            sum(getattr(rows[p], f) for p in members if p in rows)
            for f in ("agree_count", "disagree_count", "pass_count")
        )
        voices = [
            doc.Voice(pid, excerpt(f"{rows[pid].title}：{rows[pid].body}"))
            for pid in theme.representative_ids
            if pid in set(members) and pid in rows
        ]
        out.append(
            doc.ThemeSummary(
                theme.key,
                masked(theme.title),
                masked(theme.summary),
                [masked(k["word"]) for k in theme.keywords[:8]],
                len(members),
                agree,
                disagree,
                passed,
                voices[:VOICES_PER_THEME],
                [
                    (c.key, masked(c.title), len(state.members(c.key)))
                    for c in state.children(theme.key)
                    if state.members(c.key)
                ],
                theme.is_other,
            )
        )
    return sorted(out, key=lambda t: (t.is_other, -t.size, t.key))


def _statement(stat: StatementStat, titles: dict[int, Any]) -> doc.Statement:
    pid = int(stat.proposal_id)
    title = excerpt(titles[pid].title, 80) if pid in titles else ""
    return doc.Statement(pid, title, round(100 * stat.p_agree), round(100 * stat.p_disagree))


async def _opinions(
    session: AsyncSession, run: AnalysisRun, withheld: Mapping[int, str]
) -> doc.Opinions | None:
    opinions = decode_opinions(await stored_payload(session, run.id))
    if opinions is None:
        return None
    groups = opinions.groups
    stats = [*opinions.consensus, *opinions.divisive]
    stats += [s for g in groups for s in g.representative]
    stats = [s for s in stats if int(s.proposal_id) not in withheld]
    titles = await _texts(session, sorted({int(s.proposal_id) for s in stats}))
    members = {int(u) for g in groups for u in g.participants if str(u).isdigit()}
    ages = (
        dict(
            (
                await session.execute(
                    select(User.id, User.age_band).where(in_ids(session, User.id, members))
                )
            ).all()
        )
        if members
        else {}
    )
    channel_of = await proposal_channels(session, [int(s.proposal_id) for s in stats])
    total = max(opinions.n_participants, 1)
    out = []
    for g in groups:
        people = [int(u) for u in g.participants if str(u).isdigit()]
        by_age: Counter[str | None] = Counter(ages.get(u) for u in people)
        age_rows = suppress_small_cells(
            [
                CountRow(label, by_age[key], [])
                for key, label in (AGE_LABELS | {None: UNKNOWN}).items()
            ]
        )
        reps = [s for s in g.representative if int(s.proposal_id) not in withheld]
        channels = channel_rows(
            *group_channel_counts(g.participants, [int(s.proposal_id) for s in reps], channel_of),
            CHANNEL_SHORT_LABELS,
        )
        out.append(
            doc.GroupSummary(
                group_label(g.id),
                people_cell(len(g.participants)),
                round(100 * len(g.participants) / total),
                age_rows,
                channels,
                [_statement(s, titles) for s in reps if s.repful == "agree"][:STATEMENTS_PER_LIST],
                [_statement(s, titles) for s in reps if s.repful == "disagree"][
                    :STATEMENTS_PER_LIST
                ],
            )
        )
    shown = [
        [s for s in listed if int(s.proposal_id) not in withheld][: STATEMENTS_PER_LIST * 2]
        for listed in (opinions.consensus, opinions.divisive)
    ]
    return doc.Opinions(
        opinions.n_participants,
        out,
        *([_statement(s, titles) for s in statements] for statements in shown),
    )


def _kpi(k: Kpi) -> doc.Kpi:
    baseline, target, target_year = (
        masked(kpi_value(k, value)) for value in (k.baseline, k.target, k.target_year)
    )
    return doc.Kpi(
        masked(kpi_label(k.name, k.unit)), baseline, target, target_year, masked(k.source)
    )


def _content_items(content: DraftContent) -> dict[str, tuple[str, list[doc.Kpi], list[str]]]:
    """Per plan item: its body, KPIs and quoted voices (「…」（提案 12）)."""
    items: dict[str, tuple[str, list[doc.Kpi], list[str]]] = {}
    for goal in content.sections:
        items[goal.key] = (goal.body, [], [])
        for measure in goal.measures:
            items[measure.key] = (
                measure.body,
                [_kpi(k) for k in measure.kpis],
                [f"「{masked(v.text)}」（提案 {v.proposal_id}）" for v in measure.voices],
            )
            items.update({a.key: (a.body, [], []) for a in measure.actions})
    return items


async def _draft(
    session: AsyncSession, draft: Draft, version: int, approved_themes: bool
) -> doc.DraftSummary:
    content = await shown_content(session, draft, version, public=True)
    bodies = _content_items(content)
    theme_titles: dict[str, str] = {}
    if draft.run_id:
        state = await load_edited_themes(session, draft.run_id, public=approved_themes)
        theme_titles = {k: masked(t.title) for k, t in state.themes.items()}
    items = [
        doc.PlanItem(
            i.key,
            i.label,
            i.level,
            masked(i.title),
            masked(bodies.get(i.key, ("", [], []))[0]),
            list(i.theme_keys),
            [theme_titles.get(k, k) for k in i.theme_keys],
            list(i.proposal_ids),
            i.residents,
            *bodies.get(i.key, ("", [], []))[1:],
        )
        for i in await lineage(
            session, draft, version, public=True, approved_themes=approved_themes
        )
    ]
    coverage = draft_coverage(content)
    return doc.DraftSummary(
        draft.id,
        version,
        draft.published_version == version,
        masked(content.title),
        masked(content.preamble),
        items,
        coverage.text_ja if coverage else "",
        [
            doc.LeftOut(masked(i.title), masked(i.reason), list(i.proposal_ids))
            for i in content.not_reflected
        ],
    )


async def collect_public_comment(session: AsyncSession, process: Process) -> doc.PublicComment:
    """意見の概要と市の考え方: the table on its own (also printed as section 6)."""
    table = await response_table(session, process.id)
    rows = [
        doc.ResponseRow(
            n,
            masked(item.target_title)
            or (f"提案 {item.proposal_id}" if item.proposal_id else item.theme_key or ""),
            masked(item.summary),
            masked(item.response),
            item.status_ja,
        )
        for n, item in enumerate(table.items, start=1)
    ]
    return doc.PublicComment(
        masked(process.title_ja),
        rows,
        [(label, table.counts.get(status, 0)) for status, label in STATUS_LABELS_JA.items()],
        await issuer(session),
    )


async def collect_summary(
    session: AsyncSession, process: Process, selection: Selection, era: EraStyle = "western"
) -> doc.CoCreationSummary:
    participation, channels = await collect_participation(session, process.id)
    run = selection.run
    withheld = await withheld_proposals(session, process.id)
    themes = []
    if run is not None:
        state = await load_edited_themes(session, run.id, public=selection.public)
        state.withhold(withheld)
        themes = await _themes(session, state)
    draft = (
        await _draft(session, selection.draft, selection.version, selection.public)
        if selection.draft is not None and selection.version is not None
        else None
    )
    public_comment = await collect_public_comment(session, process)
    opinions = await _opinions(session, run, withheld) if run else None
    return doc.CoCreationSummary(
        f"共創の記録　{masked(process.title_ja)}",
        datetime.now(UTC),
        _overview(process, channels),
        participation,
        themes,
        opinions,
        draft,
        public_comment,
        collect_method(run, draft, opinions, era),
        public_comment.issuer,
        era,
    )
