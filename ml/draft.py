"""Strategy-plan skeleton (計画素案): 基本目標 → 施策 → 主な取組 → 成果指標.

One basic goal (基本目標) per chapter of the plan (``ml.chapters``: the policy fields of its
themes), largest first; one measure (施策) per policy field among the sub-themes of a goal's
only theme, or among its themes when it has several, titled as plans title it (``ml.wording``:
「公共交通の利便性向上」); main actions (主な取組) as short phrases from the themes' key nouns
(「乗合タクシーの検討」); residents' voices (市民の声) quoted apart, whole sentences of the
best-supported proposals (net agree votes, then centrality), PII-masked; one or two KPIs
(成果指標) per measure from the catalogue of municipal indicators (``ml.kpis``), whose values
the planner enters. Every item links back to its theme ids and proposal ids.
Nothing is dropped silently: what no measure traces is listed in 「計画に反映しなかった意見」 with
a reason (``DraftPlan.not_reflected``). A 10-theme demo run used to lose 25 of 173 proposals
(6 goals × 4 measures at most); a 12-theme set, 31 %.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Literal, TypeVar

import msgspec

from ml import wording
from ml.chapters import CROSS_FIELD, chapter_of, policy_field_of
from ml.kpis import kpi_catalogue
from ml.schema import Analysis, ProposalId, Theme, ThemeSet
from ml.text import is_cjk_text, mask_pii
from ml.titles import PolicyField, policy_fields

T = TypeVar("T")


class Voice(msgspec.Struct, frozen=True):
    """A quoted resident voice (住民の声), PII-masked."""

    proposal_id: ProposalId
    text: str


class Kpi(msgspec.Struct, frozen=True):
    """成果指標 from the catalogue (``ml.kpis``); values are the planner's to enter."""

    name: str
    unit: str = ""
    source: str = ""
    direction: Literal["increase", "decrease"] = "increase"  # which way is better
    baseline: str = ""
    target: str = ""
    target_year: str = ""


class Action(msgspec.Struct, frozen=True):
    """主な取組: a short action phrase and the proposals that ask for it."""

    title: str
    proposal_ids: list[ProposalId]


class Measure(msgspec.Struct, frozen=True):
    """施策."""

    title: str
    theme_ids: list[str]
    proposal_ids: list[ProposalId]
    actions: list[Action]
    kpis: list[Kpi]
    voices: list[Voice] = []  # 市民の声


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


def kpi_label(name: str, unit: str) -> str:
    """「路線バスの年間利用者数（人）」."""
    return f"{name}（{unit}）" if unit else name


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


def _measure_parts(goal_themes: list[Theme], subs: Mapping[str, list[Theme]]) -> list[Theme]:
    """What the measures of a goal are made of: the sub-themes of a goal's only theme, or its
    themes when it has several."""
    if len(goal_themes) > 1:
        return goal_themes
    theme = goal_themes[0]
    return _with_rest(theme, sorted(subs.get(theme.id, []), key=lambda s: (-s.size, s.id)))


def _by_field(
    parts: list[Theme], field_of: Callable[[Theme], PolicyField | None]
) -> list[list[Theme]]:
    """Parts of one policy field make one measure (two sub-themes about buses are one
    「公共交通の利便性向上」); a part of no field stays on its own."""
    groups: dict[str, list[Theme]] = {}
    for part in parts:
        field = field_of(part)
        groups.setdefault(field.id if field else f"theme:{part.id}", []).append(part)
    return list(groups.values())


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
    max_voices: int = 3,
    place_names: Sequence[str] = (),
) -> DraftPlan:
    """A plan skeleton from an ``analyse`` result (or any ``ThemeSet``) and the proposals' texts.

    Every theme is accounted for: themes are grouped into basic goals by the chapter of their
    policy field (``ml.chapters``), several themes per goal (one goal per chapter unless
    ``max_goals`` is given); past ``max_goals`` goals or ``max_measures`` measures the smallest
    are joined, never dropped. Proposals the plan leaves
    out (the "other" theme, ``excluded`` ones with the planner's reason) are listed in
    ``not_reflected`` with a reason, so each proposal is traced to a measure or listed there.

    ``support`` is net agreement per proposal (agree − disagree); when absent all proposals
    count equally. ``place_names`` (the city's districts) never head a main action.
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

    fields = {f.id: f for f in policy_fields()}
    parents = {t.id: t for t in themes.themes}
    masked = {pid: mask_pii(text) for pid, text in texts.items()}

    def field_of(part: Theme) -> PolicyField | None:
        """A part's field; a sub-theme whose field belongs to another chapter than its theme's
        takes the theme's (a 「スマホ」 sub-theme of 防災 is about disaster alerts)."""
        parent = parents.get(part.parent_id or "")
        default = policy_field_of(parent) if parent is not None else None
        own = policy_field_of(part, default)
        if parent is not None and default and chapter_of(part).id != chapter_of(parent).id:
            own = default
        return fields.get(own or "")

    def measure(part: list[Theme], chapter: str) -> Measure:
        ids = _union(t.proposal_ids for t in part)
        part_fields = [field_of(t) for t in part]
        field = next((f for f in part_fields if f is not None), None)
        foreign = sum(not is_cjk_text(masked.get(i, "")) for i in ids) > len(ids) / 2
        phrases = wording.key_phrases(part, [masked.get(i, "") for i in ids], field, place_names)
        ranked = rank(ids)
        actions = [
            Action(wording.action_title(phrase, field), using)
            for phrase in phrases
            if (using := [i for i in ranked if phrase in masked.get(i, "")])
        ][:max_actions] or [Action(wording.fallback_action(foreign), ranked)]
        # sentences naming the field's words first, then a key phrase, then Japanese ones (the
        # plan is read in Japanese), each by support; one off the topic is quoted only when
        # nothing else is (a measure of foreign-language proposals); the others stay traced
        quotes = [
            (pid, *wording.quote(masked.get(pid, ""), phrases, part, field)) for pid in ranked
        ]
        quotes.sort(key=lambda q: (-q[1], not is_cjk_text(q[2])))
        if any(tier for _, tier, _ in quotes):
            quotes = [q for q in quotes if q[1]]
        specs = kpi_catalogue().suggest([f.id for f in part_fields if f], chapter)
        return Measure(
            title=wording.measure_title(part_fields, part, foreign),
            theme_ids=[t.id for t in part],
            proposal_ids=ids,
            actions=actions,
            kpis=[Kpi(s.name, s.unit, s.source, s.direction) for s in specs],
            voices=[Voice(pid, text) for pid, _, text in quotes if text][:max_voices],
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
                measure(p, chapter_of(group[0]).id)
                for p in _fold(
                    sorted(
                        _by_field(_measure_parts(group, subs_by_parent), field_of),
                        key=lambda g: -weight(g),
                    ),
                    max_measures,
                )
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
            lines += [f"- {action.title}" for action in measure.actions]
            if measure.voices:
                lines.append("**市民の声**")
                lines += [f"- 「{v.text}」（提案 {v.proposal_id}）" for v in measure.voices]
            lines.append("**成果指標**")
            lines += [f"- {kpi_label(k.name, k.unit)}（{k.source}）" for k in measure.kpis]
        lines.append("")
    if plan.not_reflected:
        lines.append("## 計画に反映しなかった意見")
        for item in plan.not_reflected:
            ids = "、".join(str(pid) for pid in item.proposal_ids)
            lines.append(
                f"- {item.title}（{len(item.proposal_ids)} 件：提案 {ids}）：{item.reason}"
            )
    return "\n".join(lines)
