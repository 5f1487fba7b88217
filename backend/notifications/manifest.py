"""The notifications feature: notices to residents, digests, unsubscribing."""

from backend.core.features import Feature
from backend.notifications.controllers import MyNotificationsController, UnsubscribeController

FEATURE = Feature(
    name="notifications",
    routes=[MyNotificationsController, UnsubscribeController],
    models=["backend.notifications.models"],
)
