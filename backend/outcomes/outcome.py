"""「わたしの意見はどうなった？」: a proposal's theme, the plan items it fed, the response."""

from __future__ import annotations

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from backend.analysis.services import published_run
from backend.analysis.themes import load_edited_themes
from backend.drafts.schemas import Measure, PlanAction, plan_label
from backend.drafts.services import published_draft, version_content
from backend.responses.schemas import ResponseOut
from backend.responses.services import responses_for


class ThemeRef(msgspec.Struct):
    run_id: int
    key: str
    title: str


class PlanItemRef(msgspec.Struct):
    draft_id: int
    version: int
    key: str
    label: str
    title: str


class ProposalOutcome(msgspec.Struct):
    proposal_id: int
    theme: ThemeRef | None
    plan_items: list[PlanItemRef]
    responses: list[ResponseOut]


async def proposal_outcome(
    session: AsyncSession, proposal_id: int, process_id: int
) -> ProposalOutcome:
    theme: ThemeRef | None = None
    theme_keys: set[str] = set()
    run = await published_run(session, process_id)
    if run is not None:
        state = await load_edited_themes(session, run.id, public=True)
        if (key := state.theme_of(proposal_id)) is not None:
            theme = ThemeRef(run.id, key, state.themes[key].title)
            theme_keys = {key, state.assignment[proposal_id][1]}
    items: list[PlanItemRef] = []
    draft = await published_draft(session, process_id)
    if draft is not None and draft.published_version is not None:
        content = await version_content(session, draft, draft.published_version)
        same_run = run is not None and draft.run_id == run.id
        for goal in content.sections:
            for measure in goal.measures:
                measure_and_actions: list[Measure | PlanAction] = [measure, *measure.actions]
                for item in measure_and_actions:
                    linked = proposal_id in item.proposal_ids or (
                        same_run and theme_keys & set(item.theme_keys)
                    )
                    if linked:
                        items.append(
                            PlanItemRef(
                                draft.id,
                                draft.published_version,
                                item.key,
                                plan_label(item.key),
                                item.title,
                            )
                        )
    responses = await responses_for(
        session, process_id, proposal_id, (theme.run_id, theme.key) if theme else None
    )
    return ProposalOutcome(proposal_id, theme, items, responses)
