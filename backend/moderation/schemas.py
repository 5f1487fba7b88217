"""Shapes of reports and moderation decisions."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

ReportReason = Literal["spam", "abuse", "personal_info", "off_topic", "other"]
ReportStatus = Literal["open", "resolved"]
# what staff hide and restore, named as in the audit log ("proposal.hidden", "comment.restored")
ModeratedType = Literal["proposal", "comment"]
ModeratedStatus = Literal["hidden", "published"]
Reason = Annotated[str, msgspec.Meta(min_length=1, max_length=500)]


class ReportCreate(msgspec.Struct, forbid_unknown_fields=True):
    reason: ReportReason
    note: Annotated[str, msgspec.Meta(max_length=1000)] = ""


class ReportOut(msgspec.Struct):
    id: int
    target_type: ModeratedType
    target_id: int
    reason: ReportReason
    note: str
    status: ReportStatus
    created_at: datetime
    target_excerpt: str = ""


class HideRequest(msgspec.Struct, forbid_unknown_fields=True):
    reason: Reason


class ModerationResult(msgspec.Struct):
    target_type: ModeratedType
    target_id: int
    status: ModeratedStatus
