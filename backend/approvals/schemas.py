"""Shapes of approvals (決裁): the preview, a submission and the decision."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec

from backend.approvals.subjects import SubjectKind
from backend.core.errors import MAX_ID

ApprovalStatus = Literal["submitted", "approved", "returned", "void"]
# a phase, a draft version or a theme key (t1, t1.2, t1-s3-0)
Target = Annotated[str, msgspec.Meta(max_length=40, pattern=r"^[a-z0-9_.-]*$")]
PayloadHash = Annotated[str, msgspec.Meta(pattern=r"^[0-9a-f]{64}$")]


class ApprovalPreview(msgspec.Struct):
    """What residents will see once this is approved; submit it with its ``payload_hash``."""

    object_type: str
    object_id: int
    target: str
    title: str
    preview: dict[str, Any]
    payload_hash: str


class ApprovalSubmit(msgspec.Struct, forbid_unknown_fields=True):
    """Submit what the preview showed: ``payload_hash`` is the hash of that preview, so a change
    made since is not submitted unseen. ``target``: the new phase, or the draft version."""

    object_type: SubjectKind
    object_id: Annotated[int, msgspec.Meta(ge=1, le=MAX_ID)]
    payload_hash: PayloadHash
    target: Target = ""


class ApprovalReturn(msgspec.Struct, forbid_unknown_fields=True):
    """差し戻し: why it goes back to the planner."""

    comment: Annotated[str, msgspec.Meta(min_length=1, max_length=2000)]


class ApprovalOut(msgspec.Struct):
    id: int
    process_id: int
    object_type: str
    object_id: int
    target: str
    title: str
    preview: dict[str, Any]
    status: str
    submitted_by: str
    submitted_by_id: int
    submitted_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    comment: str
    # for a pending submission: the object changed since it was submitted (submit it again)
    stale: bool = False
