"""Shapes of the city's responses (意見の概要と市の考え方) to themes, proposals, comments."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

# 反映 / 一部反映 / 既に対応済み / 今後の参考 / 反映困難
ReflectionStatus = Literal[
    "reflected", "partly_reflected", "already_addressed", "for_reference", "difficult"
]
# what a response answers: a proposal, a theme of an analysis run or a comment on the draft
ResponseTarget = Literal["proposal", "theme", "comment"]
STATUS_LABELS_JA = {
    "reflected": "反映",
    "partly_reflected": "一部反映",
    "already_addressed": "既に対応済み",
    "for_reference": "今後の参考",
    "difficult": "反映困難",
}


class ResponseUpsert(msgspec.Struct, forbid_unknown_fields=True):
    """Exactly one target: a theme (``run_id`` and ``theme_key``), a proposal
    (``proposal_id``) or a resident's comment on the draft (``comment_id``, パブコメへの回答)."""

    summary: Annotated[str, msgspec.Meta(min_length=1, max_length=4000)]
    response: Annotated[str, msgspec.Meta(min_length=1, max_length=8000)]
    status: ReflectionStatus
    proposal_id: int | None = None
    run_id: int | None = None
    theme_key: Annotated[str, msgspec.Meta(max_length=40)] | None = None
    comment_id: int | None = None


class ResponseOut(msgspec.Struct):
    id: int
    target_type: ResponseTarget
    proposal_id: int | None
    run_id: int | None
    theme_key: str | None
    target_title: str
    summary: str
    response: str
    status: ReflectionStatus
    status_ja: str
    updated_at: datetime
    published_at: datetime | None = None  # None: not approved and published yet
    comment_id: int | None = None  # target_type "comment": the draft comment answered


class ResponseTable(msgspec.Struct):
    items: list[ResponseOut]
    counts: dict[str, int]
