"""The comments feature: residents' comments on proposals."""

from backend.comments.controllers import CommentController
from backend.core.features import Feature, PhaseAction
from backend.core.messages import N_

FEATURE = Feature(
    name="comments",
    routes=[CommentController],
    models=["backend.comments.models"],
    public_reads=["/api/v1/proposals/{proposal_id:int}/comments"],
    phase_actions=[
        PhaseAction("comment", frozenset({"ideas", "voting", "themes"}), N_("comment on proposals"))
    ],
)
