"""Policy-field concept features: where a proposal sits among the city's policy fields.

The 82 municipal policy fields of ``data/policy_fields.toml`` (written for this project; the
same vocabulary names the themes, ``ml.titles``) are embedded once with the proposals' own
model, as E5 queries (「子育て支援：保育所や一時預かり、…」). Each proposal's cosine to every
field, sharpened by a softmax (``temperature``), is a distribution over fields; its square root
(the Hellinger map, so that the Euclidean distance between two rows is the Hellinger distance
between their distributions), centred over the corpus, is a block of features blended beside the
dense vector and the words (``ml.steps.EmbedStep``, ``policy_weight``).

The block says *what a proposal is about* in terms that do not depend on its language: a
Vietnamese and a Japanese proposal about nursery places both point to 子育て支援, while their
raw vectors still differ by the language's spread. A proposal no field describes has a flat
distribution, so its block is small and the other features decide (no row normalisation).
"""

from __future__ import annotations

import numpy as np

from ml.embed.base import Embedder, l2_normalize
from ml.embed.cache import EmbeddingCache, embed_cached
from ml.titles import PolicyField, policy_fields

CONCEPT_WEIGHT = 0.5
"""Share of the blended features the block takes (beside the dense vector and the words)."""
TEMPERATURE = 0.02
"""Softmax temperature over cosines (E5 cosines of related texts differ by hundredths)."""


def field_texts(fields: tuple[PolicyField, ...] | None = None) -> list[str]:
    """What is embedded for each field: its Japanese name and one-line description."""
    return [f"{f.ja}：{f.description}" for f in (fields or policy_fields())]


def field_vectors(embedder: Embedder, cache: EmbeddingCache | None = None) -> np.ndarray:
    """Unit vectors of the policy fields in ``embedder``'s space (E5 "query: " prompt;
    cached like proposals, so a run embeds them once per model)."""
    return l2_normalize(embed_cached(embedder, field_texts(), cache, kind="query"))


def concept_profile(
    vectors: np.ndarray, fields: np.ndarray, temperature: float = TEMPERATURE
) -> np.ndarray:
    """Centred square roots of each row's softmax distribution over ``fields``.

    ``vectors``: unit rows (language offsets already removed); ``fields``: unit rows.
    """
    cosines = l2_normalize(vectors) @ np.asarray(fields, dtype=np.float32).T
    logits = (cosines - cosines.max(axis=1, keepdims=True)) / temperature
    p = np.exp(logits)
    p /= p.sum(axis=1, keepdims=True)
    roots = np.sqrt(p)
    return (roots - roots.mean(axis=0, keepdims=True)).astype(np.float32)
