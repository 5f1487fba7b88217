"""Steps as estimators: parameters read and set by name, clones unfitted but sharing models."""

import pytest

from ml.embed import TfidfEmbedder
from ml.pipeline import AnalysisPipeline
from ml.step import clone
from ml.steps import ClusterStep, EmbedStep


def test_steps_expose_their_parameters_and_clone_unfitted():
    pipeline = AnalysisPipeline(clustering=ClusterStep(n_themes=6), random_state=3)
    params = pipeline.get_params()
    assert params["clustering__n_themes"] == 6 and params["random_state"] == 3
    assert params["embedding__lexical_weight"] == 0.3
    copy = clone(pipeline).set_params(clustering__n_themes=9, labelling__n_keywords=4)
    assert copy.clustering.n_themes == 9 and copy.labelling.n_keywords == 4
    assert pipeline.clustering.n_themes == 6 and pipeline.labelling.n_keywords == 8
    assert copy.clustering is not pipeline.clustering
    assert repr(ClusterStep(n_themes=6)).startswith("ClusterStep(clusterer=None, n_subthemes")


def test_a_cloned_step_shares_its_embedder_rather_than_copying_the_model():
    embedder = TfidfEmbedder()
    assert clone(EmbedStep(embedder)).embedder is embedder


def test_an_unknown_parameter_is_refused():
    with pytest.raises(ValueError, match="no parameter 'n_topics'"):
        ClusterStep().set_params(n_topics=3)
