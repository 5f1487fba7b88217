"""The analysis feature: theme analysis runs, the themes planners edit, and the "is your idea
already here?" hint."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar

from backend.analysis.controllers import AnalysisRunController, ProcessAnalysisController
from backend.analysis.runner import ANALYSIS
from backend.analysis.similar import SIMILAR, SimilarProposals
from backend.analysis.similar_index import SIMILAR_INDEX
from backend.core.app_state import SETTINGS
from backend.core.features import AppObject, Feature, RateLimit
from backend.core.messages import N_


@asynccontextmanager
async def _warm_up_similar(app: Litestar) -> AsyncIterator[None]:
    """Load the hint's model beside start-up, never before readiness: the first hint waited
    ~2 s for the model (bench/similar_warmup.py)."""
    warm_up = SIMILAR.get(app).start_warm_up() if SETTINGS.get(app).similar_warm_up else None
    try:
        yield
    finally:
        if warm_up is not None:
            warm_up.cancel()


FEATURE = Feature(
    name="analysis",
    routes=[ProcessAnalysisController, AnalysisRunController],
    models=["backend.analysis.models"],
    public_reads=["/api/v1/processes/{process_id:int}/themes"],
    rate_limits=[
        RateLimit(
            "similar",
            60,
            60,  # queries per person
            N_("Too many searches for similar proposals."),
        )
    ],
    state=[AppObject(SIMILAR, SimilarProposals)],
    lifespans=[_warm_up_similar],
    job_kinds=[ANALYSIS, SIMILAR_INDEX],
)
