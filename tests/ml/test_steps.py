"""Swappable steps: a custom embedder or clusterer step decides what the analysis uses."""

import numpy as np

from ml.embed import TfidfEmbedder
from ml.pipeline import AnalysisPipeline
from ml.steps import ClusterStep, EmbedStep


class FirstCharacterEmbedder:
    """A stand-in embedder: one-hot of the text's first character (not a mock: a real, if
    crude, embedding that the pipeline must use as given)."""

    backend, model, fitted_on_corpus = "first-character", "v1", False

    def embed(self, texts, *, kind="passage", progress=None):
        alphabet = sorted({t[0] for t in texts})
        out = np.zeros((len(texts), len(alphabet)), dtype=np.float32)
        for i, t in enumerate(texts):
            out[i, alphabet.index(t[0])] = 1.0
        return out


class KMeansThemes:
    """A plain k-means clusterer with ``ThemeClusterer``'s interface: each theme is its own
    single sub-theme."""

    def __init__(self, k):
        self.k = k

    def fit(self, x):
        from sklearn.cluster import KMeans

        km = KMeans(self.k, n_init=3, random_state=0).fit(x)
        self.labels_ = self.sublabels_ = km.labels_.astype(np.int64)
        centroids = km.cluster_centers_ / np.linalg.norm(km.cluster_centers_, axis=1)[:, None]
        self.theme_centroids_ = self.subtheme_centroids_ = centroids
        self.theme_scores_ = self.subtheme_scores_ = np.einsum(
            "ij,ij->i", x / np.linalg.norm(x, axis=1)[:, None], centroids[self.labels_]
        )
        self.parent_ = np.arange(self.k)
        self.n_themes_ = self.n_subthemes_ = self.k
        self.silhouette_ = None
        return self


def test_a_custom_clusterer_step_decides_the_themes(pubcom_slice):
    pipeline = AnalysisPipeline(
        embedding=EmbedStep(TfidfEmbedder()), clustering=ClusterStep(clusterer=KMeansThemes(5))
    )
    result = pipeline.run(pubcom_slice)
    assert result.metrics.n_themes == 5 and len(result.themes) == 5
    assert [t.id for t in result.subthemes] == [f"t{i}.{i}" for i in range(1, 6)]
    assert not any(t.is_other for t in result.themes)


def test_a_custom_embedder_is_used_and_named_in_the_result():
    texts = [("a1", "ああ公園"), ("a2", "あい公園"), ("b1", "バス停"), ("b2", "バスの本数")]
    pipeline = AnalysisPipeline(
        embedding=EmbedStep(FirstCharacterEmbedder(), lexical_weight=0, language_neutral=False),
        clustering=ClusterStep(clusterer=KMeansThemes(2)),
    )
    result = pipeline.run(texts)
    theme_of = {a.proposal_id: a.theme_id for a in result.assignments}
    assert theme_of["a1"] == theme_of["a2"] != theme_of["b1"] == theme_of["b2"]
    assert (result.backend, result.model) == ("first-character", "v1")
