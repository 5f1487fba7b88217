"""The readings feature: ふりがな for the residents' pages."""

from backend.core.features import Feature, RateLimit
from backend.core.messages import N_
from backend.readings.controllers import read_texts

FEATURE = Feature(
    name="readings",
    routes=[read_texts],
    # per person: a page asks once or twice; each costs at most ~0.1 s of MeCab
    rate_limits=[RateLimit("readings", 120, 60, N_("Too many requests for furigana readings."))],
)
