"""The approvals feature (決裁): what goes public is approved first."""

from backend.approvals.controllers import ApprovalController, ProcessApprovalsController
from backend.core.features import Feature

FEATURE = Feature(
    name="approvals",
    routes=[ProcessApprovalsController, ApprovalController],
    models=["backend.approvals.models"],
)
