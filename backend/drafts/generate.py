"""A first draft from an analysis run: ``ml.draft.build_draft`` over the *edited* themes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.analysis.models import ThemeAssignment
from backend.analysis.themes import EditedThemes, load_edited_themes
from backend.core.database import in_ids
from backend.drafts.schemas import (
    DraftContent,
    Goal,
    Kpi,
    Measure,
    NotReflected,
    PlanAction,
    Voice,
)
from backend.processes.models import District
from backend.proposals.models import Proposal
from backend.site.services import read_site
from ml.draft import DraftPlan, build_draft
from ml.places import municipality_names
from ml.schema import Keyword, ProposalId, Theme, ThemeSet


def _ml_theme(state: EditedThemes, key: str, level: int, parent: str | None) -> Theme:
    t = state.themes[key]
    return Theme(
        id=key,
        level=level,
        parent_id=parent,
        title=t.title,
        size=len(state.members(key)),
        keywords=[Keyword(k["word"], k["score"]) for k in t.keywords],
        representatives=[],
        proposal_ids=list[ProposalId](state.members(key)),
        is_other=t.is_other,
    )


def edited_theme_set(state: EditedThemes, scores: dict[int, float]) -> ThemeSet:
    """The edited themes in the ml library's own shape (a theme without sub-themes is its own
    single sub-theme, so that it still yields a measure), with each proposal's sub-theme score
    from the run."""
    themes, subthemes = [], []
    for top in state.top_level():
        if not state.members(top.key):
            continue
        themes.append(_ml_theme(state, top.key, 1, None))
        children = [c for c in state.children(top.key) if state.members(c.key)]
        if children:
            subthemes += [_ml_theme(state, c.key, 2, top.key) for c in children]
        else:
            subthemes.append(_ml_theme(state, top.key, 2, top.key))
    included: dict[ProposalId, float] = {
        pid: scores.get(pid, 0.0) for pid in state.assignment if pid not in state.excluded
    }
    return ThemeSet(themes, subthemes, included)


def plan_to_content(plan: DraftPlan, title: str) -> DraftContent:
    sections = []
    for g_index, goal in enumerate(plan.goals, start=1):
        measures = []
        for m_index, measure in enumerate(goal.measures, start=1):
            key = f"g{g_index}-m{m_index}"
            actions = [
                PlanAction(
                    key=f"{key}-a{a_index}",
                    title=action.title,
                    proposal_ids=[int(p) for p in action.proposal_ids],
                )
                for a_index, action in enumerate(measure.actions, start=1)
            ]
            measures.append(
                Measure(
                    key=key,
                    title=measure.title,
                    theme_keys=list(measure.theme_ids),
                    proposal_ids=[int(p) for p in measure.proposal_ids],
                    actions=actions,
                    kpis=[
                        Kpi(name=k.name, unit=k.unit, source=k.source, direction=k.direction)
                        for k in measure.kpis
                    ],
                    voices=[
                        Voice(proposal_id=int(v.proposal_id), text=v.text) for v in measure.voices
                    ],
                )
            )
        sections.append(
            Goal(
                key=f"g{g_index}",
                title=goal.title,
                theme_keys=list(goal.theme_ids),
                proposal_ids=[int(p) for p in goal.proposal_ids],
                measures=measures,
            )
        )
    not_reflected = [
        NotReflected(
            title=item.title,
            reason=item.reason,
            theme_keys=list(item.theme_ids),
            proposal_ids=[int(p) for p in item.proposal_ids],
        )
        for item in plan.not_reflected
    ]
    return DraftContent(
        title=title,
        sections=sections,
        not_reflected=not_reflected,
        proposal_count=plan.proposal_count,
    )


async def generate_content(
    session: AsyncSession, run_id: int, title: str
) -> tuple[DraftContent, str]:
    """The draft content, and the generator's note to planners (kept out of the content)."""
    state = await load_edited_themes(session, run_id, public=False)
    scores = dict(
        (
            await session.execute(
                select(ThemeAssignment.proposal_id, ThemeAssignment.subtheme_score).where(
                    ThemeAssignment.run_id == run_id
                )
            )
        ).all()
    )
    rows = (
        await session.execute(
            select(
                Proposal.id,
                Proposal.title,
                Proposal.body,
                Proposal.agree_count,
                Proposal.disagree_count,
            ).where(in_ids(session, Proposal.id, state.assignment))
        )
    ).all()
    texts: dict[Any, str] = {r.id: f"{r.title}。{r.body}" for r in rows}
    support = {r.id: r.agree_count - r.disagree_count for r in rows}
    districts = (await session.execute(select(District.name_ja, District.name_en))).all()
    site = await read_site(session)
    # no action is headed by a place or the city's name (「みどり交通の検討」 named a bus firm)
    places = [name for d in districts for name in d if name]
    places += municipality_names(site.name_ja, site.name_en)
    plan = build_draft(
        edited_theme_set(state, scores),
        texts,
        support=support,
        excluded=dict[ProposalId, str](state.excluded.items()),
        place_names=places,
    )
    return plan_to_content(plan, title), plan.note
