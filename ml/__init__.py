"""Kyoso's ML engine: themes, similar proposals, opinion groups and plan drafts, offline.

The web backend calls these plain functions; see docs/ml.md. Names load on first use, so a
process that only needs ``ml.text`` (the API server's search) does not import scikit-learn.
"""

from __future__ import annotations

import importlib
from typing import Any

_HOMES = {
    "DraftPlan": "ml.draft",
    "build_draft": "ml.draft",
    "draft_to_markdown": "ml.draft",
    "Embedder": "ml.embed",
    "EmbeddingCache": "ml.embed",
    "InMemoryEmbeddingCache": "ml.embed",
    "SqliteEmbeddingCache": "ml.embed",
    "auto_embedder": "ml.embed",
    "make_embedder": "ml.embed",
    "analyse_opinions": "ml.opinion",
    "AnalysisPipeline": "ml.pipeline",
    "analyse": "ml.pipeline",
    "net_support": "ml.pipeline",
    "Stage": "ml.stages",
    "Analysis": "ml.schema",
    "OpinionResult": "ml.schema",
    "Proposal": "ml.schema",
    "ThemeSet": "ml.schema",
    "Vote": "ml.schema",
    "SimilarProposal": "ml.similar",
    "SimilarProposalIndex": "ml.similar",
    "detect_language": "ml.text",
    "mask_pii": "ml.text",
    "normalize_text": "ml.text",
    "segment_words": "ml.text",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'ml' has no attribute {name!r}")
    return getattr(importlib.import_module(_HOMES[name]), name)
