"""The embedding protocol every backend implements."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal, Protocol, runtime_checkable

import numpy as np

TextKind = Literal["passage", "query"]
Progress = Callable[[str, float], None]
"""``progress(stage, fraction_done)``; fraction in 0..1."""


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors, one row per text.

    ``backend`` and ``model`` name what made the vectors; they key the embedding cache.
    ``kind`` distinguishes documents ("passage") from search queries ("query") for models
    trained with prompts (E5). ``fitted_on_corpus`` is true for backends whose vector space
    depends on the corpus (TF-IDF): they are fitted with ``fit`` and never cached.
    """

    backend: str
    model: str
    fitted_on_corpus: bool

    def embed(
        self, texts: Sequence[str], *, kind: TextKind = "passage", progress: Progress | None = None
    ) -> np.ndarray: ...


def l2_normalize(x: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero), as float32."""
    x = np.asarray(x, dtype=np.float32)
    if x.ndim == 1:
        x = x[None, :]
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return x / norms


def batched(seq: Sequence[str], size: int):
    for start in range(0, len(seq), size):
        yield start, seq[start : start + size]
