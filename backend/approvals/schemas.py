"""Shapes of approvals (決裁): the preview, a submission and the decision."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

from backend.analysis.schemas import ThemeOut
from backend.core.errors import MAX_ID
from backend.drafts.schemas import Coverage, DraftContent

SubjectKind = Literal["themes", "phase", "draft", "response", "theme_responses"]
ApprovalStatus = Literal["submitted", "approved", "returned", "void"]
# a phase, a draft version or a theme key (t1, t1.2, t1-s3-0)
Target = Annotated[str, msgspec.Meta(max_length=40, pattern=r"^[a-z0-9_.-]*$")]
PayloadHash = Annotated[str, msgspec.Meta(pattern=r"^[0-9a-f]{64}$")]


class ThemesPreview(msgspec.Struct):
    """The themes of run ``run_id`` as residents will read them, up to edit ``through_edit_id``
    (absent in submissions made before edits were published by approval)."""

    run_id: int
    themes: list[ThemeOut]
    through_edit_id: int | msgspec.UnsetType | None = msgspec.UNSET


class PhasePreview(msgspec.Struct):
    """The process moves from one phase to another; what residents may do in the new one."""

    from_: str = msgspec.field(name="from")
    to: str
    allowed_actions: list[str]


class DraftPreview(msgspec.Struct):
    draft_id: int
    version: int
    content: DraftContent
    coverage: Coverage | None


class ResponsePreview(msgspec.Struct):
    """The city's response (回答) as residents will read it; ``comment_id`` only for a response
    to a comment on the draft (earlier submissions keep their hash without it)."""

    target_type: str
    proposal_id: int | None
    theme_key: str | None
    target_title: str
    summary: str
    response: str
    status: str
    status_ja: str
    comment_id: int | msgspec.UnsetType = msgspec.UNSET


class ThemeResponse(msgspec.Struct):
    """One response to a proposal of the theme, in a ``ThemeResponsesPreview``."""

    id: int
    proposal_id: int
    target_title: str
    summary: str
    response: str
    status: str
    status_ja: str


class ThemeResponsesPreview(msgspec.Struct):
    run_id: int
    theme_key: str
    theme_title: str
    responses: list[ThemeResponse]


# What the approver sees, by kind: each approval (and preview) is a variant tagged by its
# ``object_type``, so a client knows the preview's shape from the kind.
class _Preview(msgspec.Struct, kw_only=True, tag_field="object_type"):
    """What residents will see once this is approved; submit it with its ``payload_hash``."""

    object_id: int
    target: str
    title: str
    payload_hash: str


class ThemesApprovalPreview(_Preview, tag="themes"):
    preview: ThemesPreview


class PhaseApprovalPreview(_Preview, tag="phase"):
    preview: PhasePreview


class DraftApprovalPreview(_Preview, tag="draft"):
    preview: DraftPreview


class ResponseApprovalPreview(_Preview, tag="response"):
    preview: ResponsePreview


class ThemeResponsesApprovalPreview(_Preview, tag="theme_responses"):
    preview: ThemeResponsesPreview


ApprovalPreview = (
    ThemesApprovalPreview
    | PhaseApprovalPreview
    | DraftApprovalPreview
    | ResponseApprovalPreview
    | ThemeResponsesApprovalPreview
)


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


class _Approval(msgspec.Struct, kw_only=True, tag_field="object_type"):
    id: int
    process_id: int
    object_id: int
    target: str
    title: str
    status: ApprovalStatus
    submitted_by: str
    submitted_by_id: int
    submitted_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    comment: str
    # for a pending submission: the object changed since it was submitted (submit it again)
    stale: bool = False


class ThemesApproval(_Approval, tag="themes"):
    preview: ThemesPreview


class PhaseApproval(_Approval, tag="phase"):
    preview: PhasePreview


class DraftApproval(_Approval, tag="draft"):
    preview: DraftPreview


class ResponseApproval(_Approval, tag="response"):
    preview: ResponsePreview


class ThemeResponsesApproval(_Approval, tag="theme_responses"):
    preview: ThemeResponsesPreview


ApprovalOut = (
    ThemesApproval | PhaseApproval | DraftApproval | ResponseApproval | ThemeResponsesApproval
)
