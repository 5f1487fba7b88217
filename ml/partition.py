"""Flat partitions of unit vectors into k groups (the theme step's building blocks).

Each function takes centred unit vectors (``ml.cluster.center_embeddings``), optional row
weights (the sizes of micro-clusters when a large input is summarised) and a count, and
returns a label per row. ``ml.cluster`` picks one; ``bench/quality.py`` compares them all.
"""

from __future__ import annotations

import warnings

import networkx as nx
import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from sklearn.cluster import KMeans
from sklearn.neighbors import NearestNeighbors

from ml.embed.base import l2_normalize


def kmeans(
    x: np.ndarray, k: int, weights: np.ndarray | None = None, *, random_state: int = 0, n_init=4
) -> np.ndarray:
    """Lloyd k-means (k-means++ seeding, best of ``n_init``)."""
    k = max(1, min(k, len(x)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate points: fewer distinct clusters than k
        km = KMeans(k, n_init=n_init, random_state=random_state).fit(x, sample_weight=weights)
    return km.labels_


def spherical_kmeans(
    x: np.ndarray,
    k: int,
    weights: np.ndarray | None = None,
    *,
    random_state: int = 0,
    n_init: int = 4,
    init: np.ndarray | None = None,
    max_iter: int = 30,
) -> np.ndarray:
    """k-means with cosine assignment and unit centroids (Dhillon & Modha 2001).

    Seeded by k-means++ on the unit vectors (best of ``n_init`` by total cosine), or from
    ``init`` labels (Ward + refinement)."""
    x = l2_normalize(np.asarray(x, dtype=np.float32))
    n = len(x)
    k = max(1, min(k, n))
    w = np.ones(n, np.float32) if weights is None else np.asarray(weights, np.float32)
    rng = np.random.default_rng(random_state)
    starts = [init] if init is not None else [None] * n_init
    best, best_score = np.zeros(n, np.int64), -np.inf
    for start in starts:
        if start is None:
            labels = _plus_plus(x, k, w, rng)
        else:
            labels = np.unique(start, return_inverse=True)[1]
        for _ in range(max_iter):
            cents = _centroids(x, labels, w)
            sims = x @ cents.T
            new = sims.argmax(axis=1)
            if np.array_equal(new, labels):
                break
            labels = new
        score = float((w * (x @ _centroids(x, labels, w).T)[np.arange(n), labels]).sum())
        if score > best_score:
            best, best_score = labels, score
    return np.unique(best, return_inverse=True)[1]


def _centroids(x: np.ndarray, labels: np.ndarray, w: np.ndarray) -> np.ndarray:
    cents = np.zeros((int(labels.max()) + 1, x.shape[1]), np.float32)
    np.add.at(cents, labels, x * w[:, None])
    return l2_normalize(cents)


def _plus_plus(x: np.ndarray, k: int, w: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """k-means++ seeding with cosine distance; returns the labels of the nearest seed."""
    first = rng.choice(len(x), p=w / w.sum())
    seeds = [first]
    dist = 1 - x @ x[first]
    for _ in range(1, k):
        p = np.clip(dist, 0, None) ** 2 * w
        if p.sum() <= 0:
            break
        nxt = rng.choice(len(x), p=p / p.sum())
        seeds.append(nxt)
        dist = np.minimum(dist, 1 - x @ x[nxt])
    return (x @ x[seeds].T).argmax(axis=1)


def ward_tree(x: np.ndarray) -> np.ndarray:
    return linkage(np.asarray(x, np.float64), method="ward")


def ward_cut(tree: np.ndarray, k: int) -> np.ndarray:
    return fcluster(tree, t=k, criterion="maxclust") - 1


def knn_graph(x: np.ndarray, n_neighbors: int = 15) -> nx.Graph:
    """Mutual-or-one-way kNN graph, edges weighted by cosine similarity (clipped at 0)."""
    n = len(x)
    m = min(n_neighbors, n - 1)
    dist, idx = NearestNeighbors(n_neighbors=m + 1, metric="cosine").fit(x).kneighbors(x)
    g: nx.Graph[int] = nx.Graph()
    g.add_nodes_from(range(n))
    for i in range(n):
        for d, j in zip(dist[i, 1:], idx[i, 1:], strict=True):
            g.add_edge(i, int(j), weight=max(1e-6, 1.0 - float(d)))
    return g


def louvain(g: nx.Graph, resolution: float, *, random_state: int = 0) -> np.ndarray:
    comms = nx.community.louvain_communities(
        g, weight="weight", resolution=resolution, seed=random_state
    )
    labels = np.zeros(g.number_of_nodes(), np.int64)
    for c, members in enumerate(sorted(comms, key=lambda s: (-len(s), min(s)))):
        labels[list(members)] = c
    return labels


def louvain_at(g: nx.Graph, k: int, *, random_state: int = 0) -> np.ndarray:
    """Louvain with the resolution bisected until it yields about ``k`` communities."""
    lo, hi = 0.05, 20.0
    best = louvain(g, 1.0, random_state=random_state)
    for _ in range(14):
        mid = float(np.sqrt(lo * hi))
        labels = louvain(g, mid, random_state=random_state)
        c = int(labels.max()) + 1
        if abs(c - k) < abs(int(best.max()) + 1 - k):
            best = labels
        if c == k:
            break
        lo, hi = (mid, hi) if c < k else (lo, mid)
    return best
