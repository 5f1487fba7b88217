"""Which proposals a draft traces: its coverage, and the draft as the public may read it.

Read-time rules, so stored versions never change: a proposal hidden by a moderator or
withdrawn by its author after the draft was made leaves every public reading of it.
"""

from __future__ import annotations

from collections.abc import Set

import msgspec

from backend.drafts.schemas import Coverage, DraftContent, Goal, Measure, NotReflected, PlanAction
from ml.draft import coverage_line


def traced_ids(content: DraftContent) -> set[int]:
    """Proposals traced to a measure (施策) or one of its actions."""
    return {
        pid
        for goal in content.sections
        for m in goal.measures
        for pid in [*m.proposal_ids, *(i for a in m.actions for i in a.proposal_ids)]
    }


def draft_coverage(content: DraftContent) -> Coverage | None:
    """「意見 M 件のうち N 件を施策に反映」; None for drafts saved before coverage was kept."""
    if content.proposal_count is None:
        return None
    traced = len(traced_ids(content))
    listed = len({pid for item in content.not_reflected for pid in item.proposal_ids})
    total = content.proposal_count
    return Coverage(total, traced, listed, coverage_line(traced, total))


def _kept(ids: list[int], withheld: Set[int]) -> list[int]:
    return [pid for pid in ids if pid not in withheld]


def _action(action: PlanAction, withheld: Set[int]) -> PlanAction | None:
    # an action that rests only on withheld proposals (a draft generated before actions were
    # phrases quoted one resident's proposal as its title) goes with them
    if action.proposal_ids and not _kept(action.proposal_ids, withheld):
        return None
    return msgspec.structs.replace(action, proposal_ids=_kept(action.proposal_ids, withheld))


def without_proposals(content: DraftContent, withheld: Set[int]) -> DraftContent:
    """The draft with ``withheld`` proposals gone: from every item's links, from the
    not-reflected list and the count, with the actions that rest only on them and their
    quoted voices (市民の声)."""
    linking: list[Goal | Measure | PlanAction | NotReflected] = [
        *content.sections,
        *(m for g in content.sections for m in g.measures),
        *(a for g in content.sections for m in g.measures for a in m.actions),
        *content.not_reflected,
    ]
    present = {pid for item in linking for pid in item.proposal_ids} & set(withheld)
    if not present:
        return content
    replace = msgspec.structs.replace
    sections = [
        replace(
            goal,
            proposal_ids=_kept(goal.proposal_ids, present),
            measures=[
                replace(
                    m,
                    proposal_ids=_kept(m.proposal_ids, present),
                    actions=[a for a in (_action(a, present) for a in m.actions) if a],
                    voices=[v for v in m.voices if v.proposal_id not in present],
                )
                for m in goal.measures
            ],
        )
        for goal in content.sections
    ]
    not_reflected = [
        replace(item, proposal_ids=_kept(item.proposal_ids, present))
        for item in content.not_reflected
        if not item.proposal_ids or _kept(item.proposal_ids, present)
    ]
    count = None if content.proposal_count is None else content.proposal_count - len(present)
    return replace(content, sections=sections, not_reflected=not_reflected, proposal_count=count)
