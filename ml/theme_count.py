"""How many themes? Criteria that pick a count from ``lo..hi`` for centred unit vectors.

Each takes the vectors, a ``partition(k) -> labels`` function (the clusterer's own method),
the range and a seed, and returns the count. ``bench/quality.py`` compares them on every set.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import laplacian
from scipy.sparse.linalg import eigsh
from sklearn.decomposition import PCA
from sklearn.metrics import adjusted_rand_score, silhouette_score
from sklearn.mixture import GaussianMixture

from ml import partition as P

Partition = Callable[[int], np.ndarray]


def by_silhouette(
    x: np.ndarray,
    partition: Partition,
    lo: int,
    hi: int,
    *,
    random_state: int = 0,
    max_share: float = 0.5,
    sample: int = 2000,
) -> int:
    """Best cosine silhouette among cuts whose largest group holds at most ``max_share``."""
    best, k1 = (False, -2.0), lo
    for k in range(lo, hi + 1):
        labels = partition(k)
        if len(set(labels.tolist())) < 2:
            continue
        score = float(
            silhouette_score(
                x,
                labels,
                metric="cosine",
                sample_size=min(sample, len(x)),
                random_state=random_state,
            )
        )
        balanced = np.bincount(labels).max() <= max_share * len(x)
        if (balanced, score) > (best[0], best[1] + 1e-9):
            best, k1 = (balanced, score), k
    return k1


EIGENGAP_DENSE_UP_TO = 2000
"""Up to this many rows the Laplacian's eigenvalues come from LAPACK's dense ``eigvalsh``."""


def by_eigengap(
    x: np.ndarray,
    lo: int,
    hi: int,
    *,
    n_neighbors: int = 15,
    dense_up_to: int = EIGENGAP_DENSE_UP_TO,
) -> int:
    """The largest gap between consecutive eigenvalues of the kNN graph's normalised Laplacian.

    A graph in c pieces has c zero eigenvalues. ARPACK (``eigsh``, which="SM") found four of
    the five of a graph in five pieces, and from its own random start, so the count changed
    from one run to the next; the dense solver finds them all, the same every time (2,000 rows:
    about a second). Larger graphs use ARPACK from a fixed start."""
    import networkx as nx

    g = P.knn_graph(x, n_neighbors)
    a = nx.to_scipy_sparse_array(g, weight="weight", format="csr").astype(np.float64)
    # cast: scipy-stubs type the Laplacian as array, sparse or operator whatever the input;
    # a sparse graph gives a sparse Laplacian
    lap = cast("sparse.csr_array", laplacian(a, normed=True))
    m = min(hi + 2, len(x) - 1)
    if len(x) <= dense_up_to:
        vals = np.linalg.eigvalsh(lap.toarray())[:m]
    else:
        start = np.random.default_rng(0).uniform(-1.0, 1.0, len(x))
        vals = np.sort(eigsh(lap, k=m, which="SM", return_eigenvectors=False, tol=1e-6, v0=start))
    gaps = np.diff(vals)  # gaps[k-1] = lambda_{k+1} - lambda_k: k clusters
    ks = np.arange(lo, min(hi, len(gaps)) + 1)
    return int(ks[np.argmax(gaps[ks - 1])])


def by_louvain(
    x: np.ndarray,
    lo: int,
    hi: int,
    *,
    random_state: int = 0,
    n_neighbors: int = 15,
    resolution: float = 1.5,
    min_share: float = 0.01,
    n_seeds: int = 3,
) -> int:
    """Communities Louvain finds in the kNN graph, counting those of real size (at least
    ``min_share`` of the rows, at least 3); the median over ``n_seeds`` seeds."""
    g = P.knn_graph(x, n_neighbors)
    counts = []
    for s in range(n_seeds):
        sizes = np.bincount(P.louvain(g, resolution, random_state=random_state + s))
        counts.append(int((sizes >= max(3, min_share * len(x))).sum()))
    return int(np.clip(np.median(counts), lo, hi))


def by_bic(x: np.ndarray, lo: int, hi: int, *, random_state: int = 0, dims: int = 16) -> int:
    """The lowest BIC of a spherical Gaussian mixture on a PCA projection."""
    d = min(dims, x.shape[1], len(x) - 1)
    z = PCA(d, random_state=random_state).fit_transform(x)
    best, k1 = np.inf, lo
    for k in range(lo, hi + 1):
        gm = GaussianMixture(k, covariance_type="spherical", random_state=random_state).fit(z)
        b = gm.bic(z)
        if b < best:
            best, k1 = b, k
    return k1


def by_stability(
    x: np.ndarray,
    partition_of: Callable[[np.ndarray, int, int], np.ndarray],
    lo: int,
    hi: int,
    *,
    random_state: int = 0,
    n_resamples: int = 6,
    share: float = 0.8,
) -> int:
    """The count whose partitions agree most across subsamples (mean pairwise ARI on shared
    rows), relative to the same measure on label-shuffled agreement (a k-dependent baseline
    would be needed otherwise: small k is trivially stable)."""
    rng = np.random.default_rng(random_state)
    n = len(x)
    subsets = [np.sort(rng.choice(n, int(share * n), replace=False)) for _ in range(n_resamples)]
    best, k1 = -np.inf, lo
    for k in range(lo, hi + 1):
        runs = []
        for s, idx in enumerate(subsets):
            lab = np.full(n, -1)
            lab[idx] = partition_of(x[idx], k, random_state + s)
            runs.append(lab)
        aris = []
        for i in range(len(runs)):
            for j in range(i + 1, len(runs)):
                both = (runs[i] >= 0) & (runs[j] >= 0)
                aris.append(adjusted_rand_score(runs[i][both], runs[j][both]))
        score = float(np.mean(aris))
        if score > best + 1e-9:
            best, k1 = score, k
    return k1
