"""Whether a draft's KPIs (成果指標) may go public: each has its values or is marked 「設定中」.

A published council PDF once printed 「［現状値］ → ［目標値］（［目標年度］）」. Generated KPIs
now come without values; the planner enters them, or marks a KPI ``pending`` (設定中) when the
figures are still being decided, and the published plan says so instead of a placeholder.
"""

from __future__ import annotations

from backend.core.errors import Conflict
from backend.drafts.schemas import DraftContent, Kpi, plan_label

PENDING = "設定中"
MISSING = "未入力"
# drafts generated before the catalogue stored 「［現状値］」 as the value itself
_PLACEHOLDER = "［"


def is_entered(value: str) -> bool:
    return bool(value.strip()) and _PLACEHOLDER not in value


def kpi_value(kpi: Kpi, value: str) -> str:
    """What a document prints in a KPI's cell: the value, 「設定中」, or 「未入力」 (never a
    placeholder; a published draft has no 「未入力」, see ``unpublishable_kpis``)."""
    if is_entered(value):
        return value
    return PENDING if kpi.pending else MISSING


def unpublishable_kpis(content: DraftContent) -> list[str]:
    """What stops ``content`` from being published, one line per KPI a planner must complete:
    「施策1-2 のKPI「…」の現状値・目標値が未入力です」. Empty when it may be published."""
    problems = []
    for goal in content.sections:
        for measure in goal.measures:
            for kpi in measure.kpis:
                missing = [
                    label
                    for label, value in (
                        ("現状値", kpi.baseline),
                        ("目標値", kpi.target),
                        ("目標年度", kpi.target_year),
                    )
                    if not is_entered(value)
                ]
                if missing and not kpi.pending:
                    problems.append(
                        f"施策{plan_label(measure.key)} のKPI「{kpi.name}」の"
                        f"{'・'.join(missing)}が未入力です"
                    )
    return problems


def require_publishable_kpis(content: DraftContent, version: int) -> None:
    """409 listing every incomplete KPI (``items``): checked when a version is submitted for
    approval (決裁) and again when it is published."""
    if problems := unpublishable_kpis(content):
        raise Conflict(
            f"Version {version} cannot be published until its KPIs have values "
            "or are marked 「設定中」: " + "; ".join(problems),
            items=problems,
        )
