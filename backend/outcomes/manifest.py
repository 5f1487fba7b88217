"""The outcomes feature: what happened to a proposal."""

from backend.core.features import Feature
from backend.outcomes.controllers import outcome

FEATURE = Feature(name="outcomes", routes=[outcome])
