"""Kyoso's ML engine: themes, similar proposals, opinion groups and plan drafts, offline.

The web backend calls these plain functions; see docs/ml.md.
"""

from ml.draft import DraftPlan, build_draft, draft_to_markdown
from ml.embed import (
    Embedder,
    EmbeddingCache,
    InMemoryEmbeddingCache,
    SqliteEmbeddingCache,
    auto_embedder,
    make_embedder,
)
from ml.opinion import analyse_opinions
from ml.pipeline import analyse, net_support
from ml.schema import Analysis, OpinionResult, Proposal, Vote
from ml.similar import SimilarProposal, SimilarProposalIndex
from ml.text import detect_language, mask_pii, normalize_text, segment_words

__all__ = [
    "Analysis",
    "DraftPlan",
    "Embedder",
    "EmbeddingCache",
    "InMemoryEmbeddingCache",
    "OpinionResult",
    "Proposal",
    "SimilarProposal",
    "SimilarProposalIndex",
    "SqliteEmbeddingCache",
    "Vote",
    "analyse",
    "analyse_opinions",
    "auto_embedder",
    "build_draft",
    "detect_language",
    "draft_to_markdown",
    "make_embedder",
    "mask_pii",
    "net_support",
    "normalize_text",
    "segment_words",
]
