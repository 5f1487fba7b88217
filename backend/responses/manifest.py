"""The responses feature: the city's answer to each proposal and comment."""

from backend.core.features import Feature
from backend.responses.controllers import (
    bulk_response,
    list_responses,
    response_worklist,
    save_response,
)

FEATURE = Feature(
    name="responses",
    routes=[list_responses, save_response, response_worklist, bulk_response],
    models=["backend.responses.models"],
)
