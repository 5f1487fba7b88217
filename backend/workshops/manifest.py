"""The workshops feature: workshops and the notes staff take there."""

from backend.core.features import Feature
from backend.workshops.controllers import ProcessWorkshopsController, WorkshopNotesController

FEATURE = Feature(
    name="workshops",
    routes=[ProcessWorkshopsController, WorkshopNotesController],
    models=["backend.workshops.models"],
)
