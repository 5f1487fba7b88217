"""Notification preferences as the API reads and writes them."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

NoticeKind = Literal["answer_published", "comment_reply", "draft_open", "plan_published"]


class NotificationSettings(msgspec.Struct, forbid_unknown_fields=True):
    """Which notices arrive by e-mail, and whether as one daily digest (毎日のまとめ)."""

    answers: bool = True  # the city's answer to my proposal is published
    replies: bool = True  # someone replied to my comment
    drafts: bool = True  # a process I proposed in published its plan, or opened it for comments
    daily_digest: bool = False  # one e-mail a day (07:00 JST) instead of one per notice


class Unsubscribed(msgspec.Struct):
    detail: str


UnsubscribeToken = Annotated[str, msgspec.Meta(min_length=3, max_length=100)]
