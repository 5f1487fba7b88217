"""The imports feature: earlier consultations and offline submissions in bulk."""

from backend.core.features import Feature
from backend.imports.controllers import ImportController

FEATURE = Feature(name="imports", routes=[ImportController], models=["backend.imports.models"])
