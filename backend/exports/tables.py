"""The tables of the summary as rows of strings, shared by the PDF, DOCX and Markdown writers."""

from __future__ import annotations

from backend.exports import document as doc
from backend.exports.dates import EraStyle, japanese_date

Table = tuple[list[str], list[list[str]]]  # header, rows


def phases_table(overview: doc.Overview, era: EraStyle) -> Table:
    return (
        ["段階", "開始", "終了", ""],
        [
            [
                p.label,
                japanese_date(p.starts_on, era),
                japanese_date(p.ends_on, era),
                "現在" if p.current else "",
            ]
            for p in overview.phases
        ],
    )


def period_text(overview: doc.Overview, era: EraStyle) -> str:
    """「2026年7月1日 〜 2028年3月31日」"""
    start, end = overview.period
    return f"{japanese_date(start, era)} 〜 {japanese_date(end, era)}"


def timeline_table(participation: doc.Participation, era: EraStyle) -> Table:
    return (
        ["週（月曜日から）", "提案", "コメント"],
        [
            [japanese_date(w.week, era), str(w.proposals), str(w.comments)]
            for w in participation.timeline
        ],
    )


def channels_table(overview: doc.Overview) -> Table:
    return (["参加経路", "提案数"], [[r.label, r.people] for r in overview.channels])


def totals_table(participation: doc.Participation) -> Table:
    return (
        ["参加者", "提案", "投票", "コメント"],
        [
            [
                str(participation.participants),
                str(participation.proposals),
                str(participation.votes),
                str(participation.comments),
            ]
        ],
    )


def breakdown_table(breakdown: doc.Breakdown) -> Table:
    return (
        [breakdown.dimension, "参加者", "提案", "投票", "コメント"],
        [[r.label, r.people, *r.counts] for r in breakdown.rows],
    )


def themes_table(themes: list[doc.ThemeSummary]) -> Table:
    return (
        ["テーマ", "提案数", "賛成", "反対", "パス"],
        [[t.title, str(t.size), str(t.agree), str(t.disagree), str(t.passed)] for t in themes],
    )


def statements_table(statements: list[doc.Statement]) -> Table:
    return (
        ["提案ID", "意見", "賛成率", "反対率"],
        [
            [str(s.proposal_id), s.title, f"{s.agree_pct}%", f"{s.disagree_pct}%"]
            for s in statements
        ],
    )


def groups_table(opinions: doc.Opinions) -> Table:
    return (
        ["グループ", "人数", "割合", "年代の構成"],
        [
            [
                g.label,
                g.size,
                f"{g.share_pct}%",
                "、".join(f"{r.label} {r.people}" for r in g.age_bands if r.people != "0"),
            ]
            for g in opinions.groups
        ],
    )


GROUP_CHANNELS_NOTE = (
    "参加経路別の内訳：人＝グループに属する参加者、件＝グループを特徴づける意見のうちその経路で"
    "寄せられた提案。5人未満は「<5」、それを差し引きで求められないよう伏せた欄は「X」。"
)


def group_channels_table(opinions: doc.Opinions) -> Table:
    """The groups as rows, every channel side by side: 「12人・3件」, or 「<5」 / 「X」."""
    if not opinions.groups:
        return (["グループ"], [])
    header = ["グループ", *(r.label for r in opinions.groups[0].channels)]
    return (
        header,
        [
            [
                g.label,
                *(r.people if r.hidden else f"{r.people}人・{r.counts[0]}件" for r in g.channels),
            ]
            for g in opinions.groups
        ],
    )


def trace_table(draft: doc.DraftSummary) -> Table:
    """The traceability matrix: plan item ← themes ← proposal ids, residents behind it."""
    return (
        ["番号", "区分", "項目", "テーマ", "提案ID", "住民数"],
        [
            [
                i.label,
                doc.LEVEL_LABELS.get(i.level, i.level),
                i.title,
                "、".join(i.theme_titles) or "—",
                ", ".join(str(p) for p in i.proposal_ids) or "—",
                str(i.residents),
            ]
            for i in draft.items
        ],
    )


def not_reflected_table(draft: doc.DraftSummary) -> Table:
    """計画に反映しなかった意見: what the plan leaves out, how many, why, which proposals."""
    return (
        ["意見のまとまり", "理由", "提案ID", "件数"],
        [
            [i.title, i.reason, ", ".join(map(str, i.proposal_ids)), str(len(i.proposal_ids))]
            for i in draft.not_reflected
        ],
    )


NOT_REFLECTED_TITLE = "計画に反映しなかった意見"


def kpi_table(kpis: list[doc.Kpi]) -> Table:
    return (
        ["成果指標", "現状値", "目標値", "目標年度", "把握方法"],
        [[k.name, k.baseline, k.target, k.target_year, k.source] for k in kpis],
    )


def responses_table(table: doc.PublicComment) -> Table:
    return (
        ["No.", "対象", "意見の概要", "市の考え方", "反映状況"],
        [[str(r.number), r.target, r.summary, r.response, r.status] for r in table.rows],
    )


def status_counts_table(table: doc.PublicComment) -> Table:
    return (["反映状況", "件数"], [[label, str(n)] for label, n in table.counts])


def record_table(method: doc.Method) -> Table:
    """付録：分析の記録: what someone re-running the analysis needs."""
    return (["項目", "内容"], [list(row) for row in method.record])
