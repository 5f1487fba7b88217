"""Flat partitions into k groups: every method recovers clearly separated groups, whatever
their order, and respects the count it is asked for."""

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from ml import partition as P

SIZES = [40, 30, 20, 10]  # four groups of uneven size


def _groups(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Four well separated groups of unit vectors in 16 dimensions, rows shuffled."""
    rng = np.random.default_rng(seed)
    truth = rng.permutation(np.repeat(np.arange(4), SIZES))
    x = np.eye(16)[truth * 4] + rng.normal(0, 0.1, (len(truth), 16))
    return x / np.linalg.norm(x, axis=1, keepdims=True), truth


@pytest.mark.parametrize(
    "partition",
    [
        lambda x: P.kmeans(x, 4),
        lambda x: P.spherical_kmeans(x, 4),
        lambda x: P.ward_cut(P.ward_tree(x), 4),
        lambda x: P.louvain_at(P.knn_graph(x, 10), 4),
    ],
    ids=["kmeans", "spherical_kmeans", "ward", "louvain_at"],
)
def test_each_method_recovers_four_separated_groups(partition):
    x, truth = _groups()
    labels = partition(x)
    assert adjusted_rand_score(truth, labels) == 1.0
    assert sorted(set(labels.tolist())) == [0, 1, 2, 3]


def test_asking_for_more_groups_than_rows_gives_one_group_per_row():
    x, _ = _groups()
    assert len(set(P.kmeans(x[:3], 10).tolist())) == 3
    assert len(set(P.spherical_kmeans(x[:3], 10).tolist())) == 3


def test_spherical_kmeans_refines_a_rough_start_to_the_groups():
    x, truth = _groups()
    rough = truth.copy()
    rough[:10] = (rough[:10] + 1) % 4  # ten rows start in the wrong group
    assert adjusted_rand_score(truth, P.spherical_kmeans(x, 4, init=rough)) == 1.0


def test_spherical_kmeans_is_deterministic_for_a_seed():
    x, _ = _groups()
    assert np.array_equal(
        P.spherical_kmeans(x, 3, random_state=5), P.spherical_kmeans(x, 3, random_state=5)
    )


def test_louvain_numbers_communities_largest_first():
    x, truth = _groups()
    labels = P.louvain(P.knn_graph(x, 10), 1.0)
    sizes = np.bincount(labels)
    assert list(sizes) == sorted(sizes, reverse=True)
    assert adjusted_rand_score(truth, labels) == 1.0


def test_the_knn_graph_links_each_row_to_its_neighbours_with_positive_weights():
    x, truth = _groups()
    g = P.knn_graph(x, 5)
    assert g.number_of_nodes() == len(x)
    assert all(g.degree(i) >= 5 for i in g.nodes)
    assert all(0 < w <= 1 for _, _, w in g.edges(data="weight"))
    # the groups are far apart: no row's five nearest neighbours leave its group
    assert all(truth[i] == truth[j] for i, j in g.edges)
