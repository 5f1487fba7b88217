"""Route: ふりがな readings for texts the reader already holds.

The client sends the text it shows (a proposal's title and body as this viewer was given them,
masked or not; UI headings), so the answer tells nothing beyond that text: no proposal can leak
through it, whatever its visibility. Public, like the proposal reads; sizes are bounded at the
edge and requests rate-limited (``readings``: 120 a minute per person).
"""

from __future__ import annotations

from litestar import post

from backend.core.errors import InvalidInput, documented_errors
from backend.core.ratelimit import rate_limited
from backend.readings.schemas import ReadingsOut, ReadingsRequest
from backend.readings.services import readings


@post(
    "/api/v1/readings",
    status_code=200,
    sync_to_thread=True,
    raises=documented_errors(InvalidInput),
    guards=[rate_limited("readings")],
    tags=["readings"],
    summary="ふりがな: each text cut into segments with kanji readings",
)
def read_texts(data: ReadingsRequest) -> ReadingsOut:
    return readings(data.texts)
