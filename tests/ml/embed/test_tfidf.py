"""The TF-IDF backend: fitted on the corpus it embeds."""

from ml.embed import TfidfEmbedder


def test_tfidf_backend_fits_on_the_corpus(proposal_texts):
    emb = TfidfEmbedder().fit(proposal_texts)
    vecs = emb.embed(proposal_texts)
    assert vecs.shape[0] == 3 and emb.fitted_on_corpus
