"""The drafts feature: the strategy draft (素案), its versions and residents' comments on it."""

from backend.core.features import Feature, PhaseAction
from backend.core.messages import N_
from backend.drafts.controllers import DraftController, ProcessDraftsController

FEATURE = Feature(
    name="drafts",
    routes=[ProcessDraftsController, DraftController],
    models=["backend.drafts.models"],
    phase_actions=[
        PhaseAction("comment_draft", frozenset({"feedback"}), N_("comment on the draft plan"))
    ],
)
