"""The outcomes feature: what happened to a proposal."""

from backend.core.features import Feature
from backend.outcomes.controllers import read_proposal_outcome

FEATURE = Feature(name="outcomes", routes=[read_proposal_outcome])
