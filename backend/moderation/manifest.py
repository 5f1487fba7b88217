"""The moderation feature: reports, automatic flags, hiding with a reason."""

from backend.core.features import Feature
from backend.moderation.controllers import ModerationController, report_comment, report_proposal

FEATURE = Feature(
    name="moderation",
    routes=[report_proposal, report_comment, ModerationController],
    models=["backend.moderation.models"],
)
