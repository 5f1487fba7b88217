"""The shape of a strategy-plan draft: 基本目標 → 施策 → 主な取組, with 成果指標 (KPIs).

Every item has a stable ``key`` (g1, g1-m2, g1-m2-a1) and links to themes and proposals; KPIs
are keyed by their place (g1-m2-k1, ``backend.drafts.items``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

Key = Annotated[str, msgspec.Meta(pattern=r"^g\d{1,3}(-m\d{1,3}(-a\d{1,3})?)?$")]
Heading = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Markdown = Annotated[str, msgspec.Meta(max_length=20_000)]
ShortText = Annotated[str, msgspec.Meta(max_length=200)]
ThemeKeys = Annotated[
    list[Annotated[str, msgspec.Meta(max_length=40)]], msgspec.Meta(max_length=50)
]
ProposalIds = Annotated[list[int], msgspec.Meta(max_length=5000)]
ItemLevel = Literal["goal", "measure", "action", "kpi"]


def plan_label(key: str) -> str:
    """g2-m3-a1 → 2-3-1 (the numbering Japanese plans use)."""
    return "-".join(part[1:] for part in key.split("-"))


class Kpi(msgspec.Struct, forbid_unknown_fields=True):
    """成果指標, suggested from the KPI catalogue (``ml.kpis``): baseline (現状値), target
    (目標値) and target year (目標年度) are the planner's to enter. A draft is published only
    when each KPI has them or is marked ``pending`` (「設定中」: values still being decided),
    see ``backend.drafts.kpi_check``."""

    name: Heading
    baseline: ShortText = ""
    target: ShortText = ""
    target_year: Annotated[str, msgspec.Meta(max_length=20)] = ""
    unit: Annotated[str, msgspec.Meta(max_length=20)] = ""
    source: ShortText = ""  # where the figures come from: 交通事業者報告
    direction: Literal["increase", "decrease"] = "increase"
    pending: bool = False


class Voice(msgspec.Struct, forbid_unknown_fields=True):
    """市民の声: a resident's sentence quoted beside a measure, with its proposal."""

    proposal_id: int
    text: Annotated[str, msgspec.Meta(min_length=1, max_length=500)]


class PlanAction(msgspec.Struct, forbid_unknown_fields=True):
    """主な取組."""

    key: Key
    title: Heading
    body: Markdown = ""
    theme_keys: ThemeKeys = []
    proposal_ids: ProposalIds = []


class Measure(msgspec.Struct, forbid_unknown_fields=True):
    """施策."""

    key: Key
    title: Heading
    body: Markdown = ""
    theme_keys: ThemeKeys = []
    proposal_ids: ProposalIds = []
    actions: Annotated[list[PlanAction], msgspec.Meta(max_length=50)] = []
    kpis: Annotated[list[Kpi], msgspec.Meta(max_length=20)] = []
    voices: Annotated[list[Voice], msgspec.Meta(max_length=20)] = []


class Goal(msgspec.Struct, forbid_unknown_fields=True):
    """基本目標: one section of the draft."""

    key: Key
    title: Heading
    body: Markdown = ""
    theme_keys: ThemeKeys = []
    proposal_ids: ProposalIds = []
    measures: Annotated[list[Measure], msgspec.Meta(max_length=50)] = []


class NotReflected(msgspec.Struct, forbid_unknown_fields=True):
    """計画に反映しなかった意見: proposals the plan leaves out, and why."""

    title: Heading
    reason: Annotated[str, msgspec.Meta(min_length=1, max_length=500)]
    theme_keys: ThemeKeys = []
    proposal_ids: ProposalIds = []


class DraftContent(msgspec.Struct, forbid_unknown_fields=True):
    """A draft's text. ``proposal_count`` is how many proposals it accounts for (traced to a
    measure or listed as not reflected); drafts saved before it was kept have none."""

    title: Heading
    preamble: Markdown = ""
    sections: Annotated[list[Goal], msgspec.Meta(max_length=30)] = []
    not_reflected: Annotated[list[NotReflected], msgspec.Meta(max_length=100)] = []
    proposal_count: Annotated[int, msgspec.Meta(ge=0)] | None = None


class Coverage(msgspec.Struct):
    """How much of what residents said the draft traces: 「意見 M 件のうち N 件を施策に反映」."""

    proposals: int
    traced: int
    not_reflected: int
    text_ja: str


class DraftGenerate(msgspec.Struct, forbid_unknown_fields=True):
    run_id: int
    title: Heading = "総合計画 素案"


class DraftEdit(msgspec.Struct, forbid_unknown_fields=True):
    """A new version; ``base_version`` must be the version the editor started from."""

    base_version: Annotated[int, msgspec.Meta(ge=1)]
    content: DraftContent
    note: Annotated[str, msgspec.Meta(max_length=500)] = ""


class DraftOut(msgspec.Struct):
    id: int
    process_id: int
    run_id: int | None
    current_version: int
    published_version: int | None
    version: int
    content: DraftContent
    created_at: datetime
    published_at: datetime | None
    coverage: Coverage | None = None


class VersionOut(msgspec.Struct):
    number: int
    note: str
    author_id: int | None
    created_at: datetime


class ThemeRef(msgspec.Struct):
    """A theme as people read it: its (edited) title; the key is for the machine."""

    key: str
    title: str
    title_en: str = ""


class LineageItem(msgspec.Struct):
    """One plan item traced back: item ← themes ← proposals, and the residents behind it.
    ``themes`` names each of ``theme_keys`` by its title (the key where the run is gone)."""

    key: str
    label: str
    level: ItemLevel  # goal, measure or action: KPIs are not traced
    title: str
    theme_keys: list[str]
    proposal_ids: list[int]
    residents: int
    themes: list[ThemeRef] = []


class SectionCommentCreate(msgspec.Struct, forbid_unknown_fields=True):
    body: Annotated[str, msgspec.Meta(min_length=1, max_length=2000)]


class CommentAnswer(msgspec.Struct):
    """市の考え方: the city's answer to a comment as approved (決裁) and published."""

    status: str
    status_ja: str
    response: str
    published_at: datetime


class SectionCommentOut(msgspec.Struct):
    """A resident's comment on an item (``section_key``: g1, g1-m2, g1-m2-a1 or g1-m2-k1) of
    the version it was made on."""

    id: int
    section_key: str
    version_number: int
    author_display_name: str
    body: str
    created_at: datetime
    answer: CommentAnswer | None = None
