"""The notifications feature: notices to residents, digests, unsubscribing."""

from backend.core.features import Feature
from backend.notifications.controllers import MyNotificationsController, UnsubscribeController
from backend.notifications.services import notify_draft_open
from backend.processes.services import DRAFT_OPENED

FEATURE = Feature(
    name="notifications",
    routes=[MyNotificationsController, UnsubscribeController],
    models=["backend.notifications.models"],
    hooks=[DRAFT_OPENED.implemented_by(notify_draft_open)],
)
