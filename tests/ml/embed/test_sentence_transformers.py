"""The sentence-transformers backend: a local model, offline, unit vectors."""

import numpy as np

from ml.embed import SentenceTransformerEmbedder


def test_sentence_transformers_backend_runs_offline(minilm_path, proposal_texts):
    emb = SentenceTransformerEmbedder(minilm_path, device="cpu")
    vecs = emb.embed(proposal_texts)
    assert vecs.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1, atol=1e-4)
    assert vecs[0] @ vecs[1] > vecs[0] @ vecs[2]
    assert emb.backend == "sentence-transformers" and emb.model == "model"
