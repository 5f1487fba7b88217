"""Strategy-plan skeleton (計画素案): 基本目標 → 施策 → 主な取組 → 成果指標.

One basic goal (基本目標) per major theme, largest first; one measure (施策) per sub-theme;
main actions (主な取組) from the sub-theme's best-supported proposals (net agree votes, then
centrality), each quoting the resident's voice PII-masked; KPI (成果指標) placeholders for the
planner to fill. Every item links back to its theme ids and proposal ids.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import msgspec

from ml.schema import Analysis, ProposalId, Theme, ThemeSet
from ml.text import mask_pii


class Voice(msgspec.Struct, frozen=True):
    """A quoted resident voice (住民の声), PII-masked."""

    proposal_id: ProposalId
    text: str


class Kpi(msgspec.Struct, frozen=True):
    """成果指標: a placeholder for the planner; values are left blank on purpose."""

    name: str
    baseline: str = "［現状値］"
    target: str = "［目標値］"
    target_year: str = "［目標年度］"


class Action(msgspec.Struct, frozen=True):
    """主な取組."""

    title: str
    proposal_ids: list[ProposalId]
    voices: list[Voice]


class Measure(msgspec.Struct, frozen=True):
    """施策."""

    title: str
    theme_ids: list[str]
    proposal_ids: list[ProposalId]
    actions: list[Action]
    kpis: list[Kpi]


class Goal(msgspec.Struct, frozen=True):
    """基本目標."""

    number: int
    title: str
    theme_ids: list[str]
    proposal_ids: list[ProposalId]
    measures: list[Measure]


class DraftPlan(msgspec.Struct, frozen=True):
    goals: list[Goal]
    note: str = (
        "この素案は住民の意見から機械的に作成した骨子です。文言・指標は担当課で精査してください。"
    )


def _short(text: str, limit: int) -> str:
    text = mask_pii(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def build_draft(
    analysis: Analysis | ThemeSet,
    texts: Mapping[ProposalId, str],
    *,
    support: Mapping[ProposalId, int] | None = None,
    max_goals: int = 6,
    max_measures: int = 4,
    max_actions: int = 3,
) -> DraftPlan:
    """A plan skeleton from an ``analyse`` result (or any ``ThemeSet``) and the proposals' texts.

    ``support`` is net agreement per proposal (agree − disagree); when absent all proposals
    count equally.
    """
    support = dict(support or {})
    themes = analysis.theme_set() if isinstance(analysis, Analysis) else analysis
    centrality = themes.subtheme_scores
    subs_by_parent: dict[str, list[Theme]] = {}
    for sub in themes.subthemes:
        if sub.parent_id is not None:
            subs_by_parent.setdefault(sub.parent_id, []).append(sub)

    def rank(ids: Sequence[ProposalId]) -> list[ProposalId]:
        return sorted(ids, key=lambda i: (-support.get(i, 0), -centrality.get(i, 0.0), str(i)))

    goals: list[Goal] = []
    majors = [t for t in themes.themes if not t.is_other]
    majors.sort(key=lambda t: (-sum(support.get(i, 0) for i in t.proposal_ids) - t.size, t.id))
    for number, theme in enumerate(majors[:max_goals], start=1):
        measures = []
        subs = sorted(subs_by_parent.get(theme.id, []), key=lambda s: -s.size)[:max_measures]
        for sub in subs:
            best = rank(sub.proposal_ids)[:max_actions]
            actions = [
                Action(
                    title=_short(texts.get(pid, ""), 60),
                    proposal_ids=[pid],
                    voices=[Voice(pid, _short(texts.get(pid, ""), 200))],
                )
                for pid in best
            ]
            lead = sub.keywords[0].word if sub.keywords else sub.title
            measures.append(
                Measure(
                    title=f"{sub.title.rpartition('：')[2]}に関する施策の推進",
                    theme_ids=[sub.id],
                    proposal_ids=list(sub.proposal_ids),
                    actions=actions,
                    kpis=[
                        Kpi(name=f"「{lead}」に関する市民満足度（市民アンケート）"),
                        Kpi(name=f"「{lead}」に関する取組の実施件数"),
                    ],
                )
            )
        goals.append(
            Goal(
                number=number,
                # a theme titled 「公共交通：路線バスと待合所」 heads the goal with its field
                title=f"基本目標{number}　{theme.title.partition('：')[0]}の充実",
                theme_ids=[theme.id],
                proposal_ids=list(theme.proposal_ids),
                measures=measures,
            )
        )
    return DraftPlan(goals=goals)


def draft_to_markdown(plan: DraftPlan) -> str:
    """The skeleton as Markdown, for review or export."""
    lines = [f"> {plan.note}", ""]
    for goal in plan.goals:
        lines.append(f"## {goal.title}")
        for m_index, measure in enumerate(goal.measures, start=1):
            lines.append(f"### 施策{goal.number}-{m_index}　{measure.title}")
            lines.append("**主な取組**")
            for action in measure.actions:
                lines.append(f"- {action.title}")
                for voice in action.voices:
                    lines.append(f"  - 住民の声（提案 {voice.proposal_id}）：「{voice.text}」")
            lines.append("**成果指標**")
            for kpi in measure.kpis:
                lines.append(f"- {kpi.name}：{kpi.baseline} → {kpi.target}（{kpi.target_year}）")
        lines.append("")
    return "\n".join(lines)
