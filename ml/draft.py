"""Strategy-plan skeleton (計画素案): 基本目標 → 施策 → 主な取組 → 成果指標.

One basic goal (基本目標) per chapter of the plan (``ml.chapters``: the policy fields of its
themes), largest first; one measure (施策) per sub-theme of a goal's only theme, or per theme
when a goal has several; main actions (主な取組) from a measure's best-supported proposals (net
agree votes, then centrality), each quoting the resident's voice PII-masked; KPI (成果指標)
placeholders for the planner to fill. Every item links back to its theme ids and proposal ids.
Nothing is dropped silently: what no measure traces is listed in 「計画に反映しなかった意見」 with
a reason (``DraftPlan.not_reflected``). A 10-theme demo run used to lose 25 of 173 proposals
(6 goals × 4 measures at most); a 12-theme set, 31 %.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TypeVar

import msgspec

from ml.chapters import CROSS_FIELD, chapter_of
from ml.schema import Analysis, ProposalId, Theme, ThemeSet
from ml.text import mask_pii

T = TypeVar("T")


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


class NotReflected(msgspec.Struct, frozen=True):
    """計画に反映しなかった意見: proposals the plan leaves out on purpose, and why."""

    title: str
    reason: str
    theme_ids: list[str]
    proposal_ids: list[ProposalId]


class DraftPlan(msgspec.Struct, frozen=True):
    goals: list[Goal]
    not_reflected: list[NotReflected] = []
    proposal_count: int = 0  # every proposal the plan accounts for: traced or not reflected
    note: str = (
        "この素案は住民の意見から機械的に作成した骨子です。文言・指標は担当課で精査してください。"
    )

    def traced_ids(self) -> set[ProposalId]:
        """Proposals traced to a measure (施策) or one of its actions."""
        return {
            pid
            for goal in self.goals
            for m in goal.measures
            for pid in [*m.proposal_ids, *(i for a in m.actions for i in a.proposal_ids)]
        }


OTHER_REASON = (
    "いずれのテーマにもまとまらなかった個別の意見のため、施策には位置付けていません。"
    "今後の施策の検討で参考とします。"
)
EXCLUDED_TITLE = "テーマ整理で対象外とした意見"
EXCLUDED_REASON = "テーマ整理の際に対象外としました（{reason}）。"
UNASSIGNED_TITLE = "テーマに分類されていない意見"
UNASSIGNED_REASON = "分析で得られたテーマに分類されていないため、施策には位置付けていません。"


def coverage_line(traced: int, total: int) -> str:
    """「意見 M 件のうち N 件を施策に反映」: how much of what residents said the plan traces."""
    return f"意見 {total:,} 件のうち {traced:,} 件を施策に反映"


def _short(text: str, limit: int) -> str:
    text = mask_pii(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _union(id_lists: Iterable[Sequence[ProposalId]]) -> list[ProposalId]:
    return list(dict.fromkeys(pid for ids in id_lists for pid in ids))


def _fold(groups: list[list[T]], cap: int) -> list[list[T]]:
    """At most ``cap`` groups: the smallest (last) ones are joined into one, never dropped."""
    if len(groups) <= cap:
        return groups
    return [*groups[: cap - 1], [item for group in groups[cap - 1 :] for item in group]]


def _with_rest(theme: Theme, subs: list[Theme]) -> list[Theme]:
    """A theme's sub-themes, plus the theme itself holding its proposals in none of them."""
    in_subs = {pid for s in subs for pid in s.proposal_ids}
    rest = [pid for pid in theme.proposal_ids if pid not in in_subs]
    return subs + (
        [msgspec.structs.replace(theme, proposal_ids=rest, size=len(rest))] if rest else []
    )


def _placed(theme: Theme, subs: list[Theme]) -> list[Theme]:
    """What is placed under a goal: the theme, or the sub-themes of a theme that names no policy
    field (a catch-all theme of 121 devset proposals held 遊び場, 空き家 and 子育て sub-themes)."""
    if chapter_of(theme) is CROSS_FIELD and len(subs) > 1:
        return _with_rest(theme, subs)
    return [theme]


def _measure_parts(goal_themes: list[Theme], subs: Mapping[str, list[Theme]]) -> list[list[Theme]]:
    """What each measure of a goal is made of: the sub-themes of a goal's only theme, or one
    measure per theme when a goal has several."""
    if len(goal_themes) > 1:
        return [[t] for t in goal_themes]
    theme = goal_themes[0]
    ordered = sorted(subs.get(theme.id, []), key=lambda s: (-s.size, s.id))
    return [[part] for part in _with_rest(theme, ordered)]


def _goal_title(goal_themes: list[Theme]) -> str:
    chapters = list(dict.fromkeys(chapter_of(t) for t in goal_themes))
    if len(chapters) == 1:
        return chapters[0].goal
    return f"{'、'.join(c.ja for c in chapters)}の推進"


def build_draft(
    analysis: Analysis | ThemeSet,
    texts: Mapping[ProposalId, str],
    *,
    support: Mapping[ProposalId, int] | None = None,
    excluded: Mapping[ProposalId, str] | None = None,
    max_goals: int | None = None,
    max_measures: int = 5,
    max_actions: int = 3,
) -> DraftPlan:
    """A plan skeleton from an ``analyse`` result (or any ``ThemeSet``) and the proposals' texts.

    Every theme is accounted for: themes are grouped into basic goals by the chapter of their
    policy field (``ml.chapters``), several themes per goal (one goal per chapter unless
    ``max_goals`` is given); past ``max_goals`` goals or ``max_measures`` measures the smallest
    are joined, never dropped. Proposals the plan leaves
    out (the "other" theme, ``excluded`` ones with the planner's reason) are listed in
    ``not_reflected`` with a reason, so each proposal is traced to a measure or listed there.

    ``support`` is net agreement per proposal (agree − disagree); when absent all proposals
    count equally.
    """
    support = dict(support or {})
    themes = analysis.theme_set() if isinstance(analysis, Analysis) else analysis
    centrality = themes.subtheme_scores
    subs_by_parent: dict[str, list[Theme]] = {}
    for sub in themes.subthemes:
        if sub.parent_id is not None and sub.proposal_ids:
            subs_by_parent.setdefault(sub.parent_id, []).append(sub)

    def rank(ids: Sequence[ProposalId]) -> list[ProposalId]:
        return sorted(ids, key=lambda i: (-support.get(i, 0), -centrality.get(i, 0.0), str(i)))

    def weight(group: Sequence[Theme]) -> int:
        return sum(support.get(i, 0) + 1 for t in group for i in t.proposal_ids)

    def measure(part: list[Theme]) -> Measure:
        ids = _union(t.proposal_ids for t in part)
        lead = part[0]
        asked = lead.title.rpartition("：")[2] + ("など" if len(part) > 1 else "")
        word = lead.keywords[0].word if lead.keywords else asked
        return Measure(
            title=f"{asked}に関する施策の推進",
            theme_ids=[t.id for t in part],
            proposal_ids=ids,
            actions=[
                Action(
                    title=_short(texts.get(pid, ""), 60),
                    proposal_ids=[pid],
                    voices=[Voice(pid, _short(texts.get(pid, ""), 200))],
                )
                for pid in rank(ids)[:max_actions]
            ],
            kpis=[
                Kpi(name=f"「{word}」に関する市民満足度（市民アンケート）"),
                Kpi(name=f"「{word}」に関する取組の実施件数"),
            ],
        )

    placed = [
        unit
        for t in themes.themes
        if not t.is_other and t.proposal_ids
        for unit in _placed(t, subs_by_parent.get(t.id, []))
    ]
    by_chapter: dict[str, list[Theme]] = {}
    for unit in sorted(placed, key=lambda u: (-weight([u]), u.id)):
        by_chapter.setdefault(chapter_of(unit).id, []).append(unit)
    groups = sorted(by_chapter.values(), key=lambda g: -weight(g))
    groups = _fold(groups, max_goals or len(groups))
    goals = [
        Goal(
            number=number,
            title=_goal_title(group),
            theme_ids=[t.id for t in group],
            proposal_ids=_union(t.proposal_ids for t in group),
            measures=[
                measure(p) for p in _fold(_measure_parts(group, subs_by_parent), max_measures)
            ],
        )
        for number, group in enumerate(groups, start=1)
    ]
    traced = DraftPlan(goals).traced_ids()
    left_out = _not_reflected(themes, traced, dict(excluded or {}))
    return DraftPlan(goals, left_out, len(traced) + sum(len(i.proposal_ids) for i in left_out))


def _not_reflected(
    themes: ThemeSet, traced: set[ProposalId], excluded: dict[ProposalId, str]
) -> list[NotReflected]:
    """The "other" theme, the planner's exclusions by reason, and whatever else no measure
    traces (a proposal the analysis placed in no theme)."""
    out = [
        NotReflected(t.title, OTHER_REASON, [t.id], [p for p in t.proposal_ids if p not in traced])
        for t in themes.themes
        if t.is_other
    ]
    by_reason: dict[str, list[ProposalId]] = {}
    for pid, reason in excluded.items():
        by_reason.setdefault(reason, []).append(pid)
    out += [
        NotReflected(EXCLUDED_TITLE, EXCLUDED_REASON.format(reason=reason), [], ids)
        for reason, ids in by_reason.items()
    ]
    listed = traced | {pid for item in out for pid in item.proposal_ids}
    known = _union([list(themes.subtheme_scores), *(t.proposal_ids for t in themes.themes)])
    rest = [pid for pid in known if pid not in listed]
    if rest:
        out.append(NotReflected(UNASSIGNED_TITLE, UNASSIGNED_REASON, [], rest))
    return [item for item in out if item.proposal_ids]


def draft_to_markdown(plan: DraftPlan) -> str:
    """The skeleton as Markdown, for review or export."""
    lines = [f"> {plan.note}", "", coverage_line(len(plan.traced_ids()), plan.proposal_count), ""]
    for goal in plan.goals:
        lines.append(f"## 基本目標{goal.number}　{goal.title}")
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
    if plan.not_reflected:
        lines.append("## 計画に反映しなかった意見")
        for item in plan.not_reflected:
            ids = "、".join(str(pid) for pid in item.proposal_ids)
            lines.append(
                f"- {item.title}（{len(item.proposal_ids)} 件：提案 {ids}）：{item.reason}"
            )
    return "\n".join(lines)
