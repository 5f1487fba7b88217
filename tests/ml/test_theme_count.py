"""How many themes: each criterion finds the count of clearly separated groups in its range."""

import numpy as np
import pytest

from ml import partition as P
from ml import theme_count


def _groups(noise: float, k: int = 5, per_group: int = 30, seed: int = 0) -> np.ndarray:
    """``k`` separated groups of unit vectors in 32 dimensions. With noise 0.3 a few rows have
    a neighbour in another group, so the kNN graph is connected, as it is on real proposals."""
    rng = np.random.default_rng(seed)
    x = np.eye(32)[np.repeat(np.arange(k) * 3, per_group)]
    x = x + rng.normal(0, noise, x.shape)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


X = _groups(noise=0.3)


@pytest.mark.parametrize(
    "count",
    [
        lambda x: theme_count.by_silhouette(x, lambda k: P.spherical_kmeans(x, k), 2, 9),
        lambda x: theme_count.by_eigengap(x, 2, 9),
        lambda x: theme_count.by_louvain(x, 2, 9),
        lambda x: theme_count.by_bic(x, 2, 9),
        lambda x: theme_count.by_stability(
            x, lambda sub, k, seed: P.spherical_kmeans(sub, k, random_state=seed), 2, 9
        ),
    ],
    ids=["silhouette", "eigengap", "louvain", "bic", "stability"],
)
def test_each_criterion_counts_five_separated_groups(count):
    assert count(X) == 5


def test_louvain_keeps_its_count_inside_the_range_asked_for():
    assert theme_count.by_louvain(X, 2, 3) == 3


def test_silhouette_prefers_a_cut_whose_largest_group_is_not_most_of_the_rows():
    # one real group and a far-off pair: two groups score well but the first holds 28 of 30
    rng = np.random.default_rng(1)
    x = np.vstack([np.eye(8)[[0] * 28 + [4] * 2]]) + rng.normal(0, 0.05, (30, 8))
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    assert theme_count.by_silhouette(x, lambda k: P.spherical_kmeans(x, k), 2, 4) > 2


def test_eigengap_counts_groups_that_share_no_neighbour_at_all():
    x = _groups(noise=0.08)  # no row's 15 nearest neighbours leave its group
    assert theme_count.by_eigengap(x, 2, 9) == 5


def test_eigengap_above_the_dense_limit_uses_arpack_from_a_fixed_start():
    # forced by a low threshold; on a connected graph ARPACK finds the same five groups
    counts = [theme_count.by_eigengap(X, 2, 9, dense_up_to=10) for _ in range(3)]
    assert counts == [5, 5, 5]
