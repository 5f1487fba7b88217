"""The items of a draft residents comment on (パブコメ at every level), each by a stable key:
基本目標 g1, 施策 g1-m2, 主な取組 g1-m2-a1 and 成果指標 g1-m2-k1.

KPIs carry no key of their own in the stored content; theirs is derived from their place (the
1-based index within the measure), so no stored version needs rewriting. A comment keeps the key
and the version it was made on: an item renumbered or removed later still reads as it was then.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from backend.drafts.schemas import DraftContent, ItemLevel, plan_label

# the comment endpoint's key: the content's Key plus the derived KPI keys
ITEM_KEY_PATTERN = r"^g\d{1,3}(-m\d{1,3}(-[ak]\d{1,3})?)?$"
LEVEL_JA: dict[str, str] = {
    "goal": "基本目標",
    "measure": "施策",
    "action": "主な取組",
    "kpi": "成果指標",
}
_ITEM_KEY = re.compile(ITEM_KEY_PATTERN)


@dataclass(frozen=True)
class PlanItem:
    key: str
    level: ItemLevel
    title: str

    @property
    def label_ja(self) -> str:
        """施策1-2, 成果指標1-2-1: how a Japanese plan names the item."""
        return f"{LEVEL_JA[self.level]}{plan_label(self.key)}"


def kpi_key(measure_key: str, index: int) -> str:
    """g1-m2 and the measure's first KPI (index 0) → g1-m2-k1."""
    return f"{measure_key}-k{index + 1}"


def is_item_key(key: str) -> bool:
    return _ITEM_KEY.match(key) is not None


def plan_items(content: DraftContent) -> dict[str, PlanItem]:
    """Every commentable item of a draft version by key, in reading order."""
    items: dict[str, PlanItem] = {}
    for goal in content.sections:
        items[goal.key] = PlanItem(goal.key, "goal", goal.title)
        for measure in goal.measures:
            items[measure.key] = PlanItem(measure.key, "measure", measure.title)
            for action in measure.actions:
                items[action.key] = PlanItem(action.key, "action", action.title)
            for i, kpi in enumerate(measure.kpis):
                key = kpi_key(measure.key, i)
                items[key] = PlanItem(key, "kpi", kpi.name)
    return items
