"""Data crossing the ml/ boundary: inputs and results, as msgspec Structs."""

from __future__ import annotations

from typing import Literal

import msgspec

ProposalId = str | int
# which way a statement stands out: representative and consensus statements "agree" or
# "disagree", divisive ones ""
Repful = Literal["agree", "disagree", ""]


class Proposal(msgspec.Struct, frozen=True):
    """A resident's proposal (意見・提案) to analyse. ``lang`` is detected when missing."""

    id: ProposalId
    text: str
    lang: str | None = None


class Vote(msgspec.Struct, frozen=True):
    """One participant's vote on a proposal: 1 agree (賛成), -1 disagree (反対), 0 pass."""

    participant: str | int
    proposal_id: ProposalId
    value: int


class Keyword(msgspec.Struct, frozen=True):
    word: str
    score: float


class Representative(msgspec.Struct, frozen=True):
    """A representative voice of a theme: PII-masked text and its centrality (0..1)."""

    proposal_id: ProposalId
    text: str
    centrality: float


class Theme(msgspec.Struct, frozen=True):
    """A theme (テーマ). Level 1 themes are major, level 2 themes sit under one of them.

    ``is_other`` marks the explicit "other" bucket (その他) of outliers.
    """

    id: str
    level: int
    parent_id: str | None
    title: str
    size: int
    keywords: list[Keyword]
    representatives: list[Representative]
    proposal_ids: list[ProposalId]
    is_other: bool = False
    x: float = 0.0
    y: float = 0.0
    title_en: str = ""  # the title for the English UI
    summary: str = ""  # 2-3 sentences from the representative proposals (PII-masked)
    policy_field: str | None = None  # id of the policy field (施策分野) the title names


class Assignment(msgspec.Struct, frozen=True):
    """Where one proposal lands: its themes, how well it fits them (cosine, -1..1), map position."""

    proposal_id: ProposalId
    theme_id: str
    subtheme_id: str
    theme_score: float
    subtheme_score: float
    x: float
    y: float
    lang: str
    duplicate_group: int | None = None


class DuplicateGroup(msgspec.Struct, frozen=True):
    """Near-identical submissions; ``is_campaign`` when large enough to look organised."""

    id: int
    proposal_ids: list[ProposalId]
    representative_id: ProposalId
    is_campaign: bool


class StatementStat(msgspec.Struct, frozen=True):
    """A statement's standing within one opinion group (or overall when group is None)."""

    proposal_id: ProposalId
    group: int | None
    agree: int
    disagree: int
    seen: int
    p_agree: float
    p_disagree: float
    repful: Repful = ""
    repness: float = 0.0


class OpinionGroup(msgspec.Struct, frozen=True):
    id: int
    participants: list[str | int]
    representative: list[StatementStat]
    x: float = 0.0
    y: float = 0.0


class OpinionResult(msgspec.Struct, frozen=True):
    """Pol.is-style opinion groups (意見グループ) from the vote matrix."""

    groups: list[OpinionGroup]
    participant_xy: dict[str, tuple[float, float]]
    consensus: list[StatementStat]
    divisive: list[StatementStat]
    n_participants: int
    n_participants_clustered: int
    n_statements: int
    silhouette: float | None


class Metrics(msgspec.Struct, frozen=True):
    n_proposals: int
    n_unique: int
    n_themes: int
    n_subthemes: int
    n_other: int
    silhouette: float | None
    languages: dict[str, int]
    seconds: dict[str, float]


class SkippedProposal(msgspec.Struct, frozen=True):
    """An input row ``analyse`` could not use, and why (the rest of the run goes on)."""

    proposal_id: ProposalId
    reason: str  # "empty-text" or "repeated-id"


class ThemeSet(msgspec.Struct, frozen=True):
    """Themes and sub-themes with how central each proposal is to its sub-theme: what a plan
    draft (``ml.draft``) needs, from an ``Analysis`` or from the themes as planners edited them."""

    themes: list[Theme]
    subthemes: list[Theme]
    subtheme_scores: dict[ProposalId, float] = {}


class Analysis(msgspec.Struct, frozen=True):
    """Everything ``analyse`` produces for one set of proposals and votes."""

    themes: list[Theme]
    subthemes: list[Theme]
    assignments: list[Assignment]
    duplicates: list[DuplicateGroup]
    opinions: OpinionResult | None
    metrics: Metrics
    backend: str
    model: str
    random_state: int
    skipped: list[SkippedProposal] = []

    def theme_set(self) -> ThemeSet:
        """The themes, sub-themes and each proposal's sub-theme score."""
        scores = {a.proposal_id: a.subtheme_score for a in self.assignments}
        return ThemeSet(self.themes, self.subthemes, scores)
