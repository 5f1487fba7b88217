"""The co-creation summary (共創の記録) as plain data: what every format prints.

``summary.collect_summary`` fills it from the database (anonymised, PII-masked); the PDF,
DOCX and Markdown writers only lay it out, so all formats hold the same sections and tables.
"""

from __future__ import annotations

from datetime import date, datetime

import msgspec

from backend.core.privacy import ShownRow
from backend.exports.dates import EraStyle

SECTION_TITLES = (
    "1. 概要",
    "2. 参加の状況",
    "3. テーマ",
    "4. 意見グループ",
    "5. 計画素案とトレーサビリティ",
    "6. 意見の概要と市の考え方",
    "7. 分析の方法",
)
APPENDIX_TITLE = "付録：分析の記録"


class PhaseRow(msgspec.Struct):
    phase: str
    label: str
    starts_on: date | None
    ends_on: date | None
    current: bool


class Overview(msgspec.Struct):
    process_id: int
    slug: str
    title: str
    purpose: str
    period: tuple[date | None, date | None]
    phases: list[PhaseRow]
    channels: list[ShownRow]  # every channel: its submitters (people) and proposals


class Breakdown(msgspec.Struct):
    title: str
    dimension: str  # the first column's heading
    rows: list[ShownRow]


class WeekCount(msgspec.Struct):
    week: date
    proposals: int
    comments: int


class Participation(msgspec.Struct):
    participants: int
    proposals: int
    votes: int
    comments: int
    breakdowns: list[Breakdown]
    timeline: list[WeekCount]


class Voice(msgspec.Struct):
    proposal_id: int
    text: str


class ThemeSummary(msgspec.Struct):
    key: str
    title: str
    summary: str
    keywords: list[str]
    size: int
    agree: int
    disagree: int
    passed: int
    voices: list[Voice]
    subthemes: list[tuple[str, str, int]]  # key, title, size
    is_other: bool


class Statement(msgspec.Struct):
    proposal_id: int
    title: str
    agree_pct: int
    disagree_pct: int


class GroupSummary(msgspec.Struct):
    label: str  # 「グループA」, as on the opinions screen
    size: str  # "<5" when fewer than five people
    share_pct: int
    age_bands: list[ShownRow]
    # every channel (short label): members from it and its proposals among the group's
    # representative statements, small cells withheld
    channels: list[ShownRow]
    agrees_with: list[Statement]
    disagrees_with: list[Statement]


class Opinions(msgspec.Struct):
    participants: int
    groups: list[GroupSummary]
    consensus: list[Statement]
    divisive: list[Statement]


class Kpi(msgspec.Struct):
    name: str  # with its unit: 路線バスの年間利用者数（人）
    baseline: str  # the value, 「設定中」 or 「未入力」 (backend.drafts.kpi_check.kpi_value)
    target: str
    target_year: str
    source: str = ""


class PlanItem(msgspec.Struct):
    """One goal / measure / action with its trace: themes ← proposal ids, residents."""

    key: str
    label: str  # 1-2-3
    level: str  # goal | measure | action
    title: str
    body: str
    theme_keys: list[str]
    theme_titles: list[str]
    proposal_ids: list[int]
    residents: int
    kpis: list[Kpi]
    voices: list[str] = []  # 市民の声: 「…」（提案 12）


class LeftOut(msgspec.Struct):
    """計画に反映しなかった意見: one group of proposals and why."""

    title: str
    reason: str
    proposal_ids: list[int]


class DraftSummary(msgspec.Struct):
    draft_id: int
    version: int
    published: bool
    title: str
    preamble: str
    items: list[PlanItem]
    coverage: str = ""  # 「意見 M 件のうち N 件を施策に反映」 ("" for drafts saved before it)
    not_reflected: list[LeftOut] = []


class ResponseRow(msgspec.Struct):
    number: int
    target: str
    summary: str
    response: str
    status: str  # 反映 / 一部反映 / …


class PublicComment(msgspec.Struct):
    process_title: str
    rows: list[ResponseRow]
    counts: list[tuple[str, int]]  # status label, rows
    issuer: str = ""  # 発行: the municipality and department of the site settings


class Method(msgspec.Struct):
    """7. 分析の方法 as sentences, and 付録：分析の記録 (model, settings, input hash) as rows."""

    steps: list[str]
    record: list[tuple[str, str]]  # item, value


class CoCreationSummary(msgspec.Struct):
    title: str
    generated_at: datetime
    overview: Overview
    participation: Participation
    themes: list[ThemeSummary]
    opinions: Opinions | None
    draft: DraftSummary | None
    public_comment: PublicComment
    method: Method
    issuer: str = ""  # 発行: 「○○市 企画部 企画課」 (site settings; "" before set-up)
    era: EraStyle = "western"  # dates as 「2026年12月6日」 or 「令和8年12月6日」


def issued_by(issuer: str) -> str:
    return f"発行：{issuer}" if issuer else ""


def plan_blocks(items: list[PlanItem]) -> list[tuple[PlanItem, list[PlanItem]]]:
    """Goals and measures, each with its actions (主な取組), in the plan's order: a document
    prints a measure's actions, then its residents' voices and KPIs."""
    blocks: list[tuple[PlanItem, list[PlanItem]]] = []
    for item in items:
        if item.level == "action" and blocks:
            blocks[-1][1].append(item)
        else:
            blocks.append((item, []))
    return blocks


VOICES_TITLE = "市民の声"
LEVEL_LABELS = {"goal": "基本目標", "measure": "施策", "action": "主な取組"}
STATUS_NOTE = (
    "「<5」は5人未満のため非表示。「X」は5人未満の値が合計から逆算されないよう、"
    "あわせて非表示にした値（二次秘匿）。合計は正確な値です。"
)
