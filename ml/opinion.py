"""Opinion groups (意見グループ) from agree/disagree/pass votes, following Pol.is.

A port of the published Pol.is method (compdemocracy/polis math, as read in red-dwarf):

1. vote matrix participants × statements (1 agree, -1 disagree, 0 pass, NaN unseen);
2. participants "in conversation": at least ``min(7, n_statements)`` votes;
3. mean imputation: an unseen cell takes its statement's mean vote;
4. 2-component PCA; each projection is scaled by sqrt(n_statements / n_votes(participant)) so
   that people who voted little are not pulled to the centre;
5. k-means base clusters (k = 100), then group clusters: k-means on the base-cluster centres
   weighted by their sizes, k from 2 to 5 chosen by silhouette;
6. representativeness per group and statement: pa = (na + 1) / (ns + 2), ra = pa / pa(rest),
   pat = prop_test, rat = two_prop_test, significant at 90 % (z > 1.2816) in both;
   repness = ra · rat · pa · pat (likewise for disagree);
7. group-informed consensus: the product over groups of pa (agree) or pd (disagree).

Divisive statements are ours, not Pol.is's: those whose agree rate differs most between groups
(max_g pa - min_g pa).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Sequence

import numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score

from ml.schema import OpinionGroup, OpinionResult, ProposalId, StatementStat, Vote

Z_90 = 1.2816
MIN_VOTES = 7


class VoteMatrix:
    """Participants × statements; the latest vote per (participant, statement) wins."""

    def __init__(self, votes: Iterable[Vote]) -> None:
        latest: dict[tuple[str | int, ProposalId], int] = {}
        for v in votes:
            if v.value not in (-1, 0, 1):
                raise ValueError(f"vote value must be -1, 0 or 1, got {v.value!r}")
            latest[(v.participant, v.proposal_id)] = int(v.value)
        self.participants = list(dict.fromkeys(p for p, _ in latest))
        self.statements = list(dict.fromkeys(s for _, s in latest))
        p_index = {p: i for i, p in enumerate(self.participants)}
        s_index = {s: j for j, s in enumerate(self.statements)}
        self.values = np.full((len(self.participants), len(self.statements)), np.nan)
        for (p, s), value in latest.items():
            self.values[p_index[p], s_index[s]] = value


def prop_test(succ: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Pol.is one-proportion z-test against 1/2, with add-one smoothing."""
    return 2 * np.sqrt(n + 1) * ((succ + 1) / (n + 1) - 0.5)


def two_prop_test(
    succ_in: np.ndarray, succ_out: np.ndarray, pop_in: np.ndarray, pop_out: np.ndarray
) -> np.ndarray:
    """Pol.is two-proportion z-test (group vs the rest), with add-one smoothing."""
    succ_in, succ_out, pop_in, pop_out = (a + 1.0 for a in (succ_in, succ_out, pop_in, pop_out))
    pi1, pi2 = succ_in / pop_in, succ_out / pop_out
    pi_hat = (succ_in + succ_out) / (pop_in + pop_out)
    denom = np.sqrt(pi_hat * (1 - pi_hat) * (1 / pop_in + 1 / pop_out))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where((pi_hat >= 1) | (denom == 0), 0.0, (pi1 - pi2) / denom)
    return z


def impute_column_means(values: np.ndarray) -> np.ndarray:
    """Replace unseen (NaN) cells with the statement's mean vote (0 if nobody voted)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        means = np.nanmean(values, axis=0)
    means = np.nan_to_num(means)
    return np.where(np.isnan(values), means[None, :], values)


def pca_project(imputed: np.ndarray, n_votes: np.ndarray, n_components: int = 2) -> np.ndarray:
    """Participant coordinates on the first principal components, sparsity-scaled."""
    centred = imputed - imputed.mean(axis=0, keepdims=True)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    comps = vt[:n_components]
    for c in comps:  # deterministic sign
        if c[np.argmax(np.abs(c))] < 0:
            c *= -1
    proj = centred @ comps.T
    if proj.shape[1] < n_components:
        proj = np.hstack([proj, np.zeros((len(proj), n_components - proj.shape[1]))])
    scale = np.sqrt(imputed.shape[1] / np.maximum(n_votes, 1))
    return proj * scale[:, None]


def cluster_participants(
    xy: np.ndarray, *, max_groups: int = 5, n_base: int = 100, random_state: int = 0
) -> tuple[np.ndarray, float | None]:
    """Group label per participant and the winning silhouette (base clusters → groups)."""
    n = len(xy)
    if n < 4:
        return np.zeros(n, dtype=np.int64), None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        n_distinct = len(np.unique(np.round(xy, 9), axis=0))
        k_base = min(n_base, n_distinct)
        base = KMeans(k_base, n_init=1, random_state=random_state).fit(xy)
        centres = base.cluster_centers_
        weights = np.bincount(base.labels_, minlength=k_base).astype(float)
        best_labels, best_score = np.zeros(n, dtype=np.int64), None
        for k in range(2, min(max_groups, k_base - 1) + 1):
            km = KMeans(k, n_init=10, random_state=random_state).fit(centres, sample_weight=weights)
            if len(set(km.labels_.tolist())) < 2:
                continue
            labels = km.labels_[base.labels_]
            score = float(silhouette_score(xy, labels))
            if best_score is None or score > best_score + 1e-12:
                best_labels, best_score = labels, score
    # number groups by size, largest first
    sizes = np.bincount(best_labels)
    order = np.argsort(-sizes, kind="stable")
    remap = np.empty_like(order)
    remap[order] = np.arange(len(order))
    return remap[best_labels], best_score


def _counts(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return (values == 1).sum(axis=0), (values == -1).sum(axis=0), (~np.isnan(values)).sum(axis=0)


def analyse_opinions(
    votes: Iterable[Vote],
    *,
    min_votes: int = MIN_VOTES,
    max_groups: int = 5,
    n_representative: int = 5,
    n_consensus: int = 5,
    n_divisive: int = 5,
    random_state: int = 0,
) -> OpinionResult:
    """Pol.is opinion groups, representative, consensus and divisive statements."""
    matrix = VoteMatrix(votes)
    values = matrix.values
    n_p, n_s = values.shape
    empty = OpinionResult([], {}, [], [], n_p, 0, n_s, None)
    if n_p == 0 or n_s == 0:
        return empty
    n_votes = (~np.isnan(values)).sum(axis=1)
    in_conv = n_votes >= min(min_votes, n_s)
    if in_conv.sum() < 2:
        return empty
    vals = values[in_conv]
    xy = pca_project(impute_column_means(vals), n_votes[in_conv])
    labels, silhouette = cluster_participants(xy, max_groups=max_groups, random_state=random_state)
    people = [p for p, keep in zip(matrix.participants, in_conv, strict=True) if keep]
    stmts = matrix.statements

    na_all, nd_all, ns_all = _counts(vals)
    groups: list[OpinionGroup] = []
    pa_by_group, pd_by_group = [], []
    for g in range(int(labels.max()) + 1):
        inside = labels == g
        na, nd, ns = _counts(vals[inside])
        na_out, nd_out, ns_out = na_all - na, nd_all - nd, ns_all - ns
        pa, pd = (na + 1) / (ns + 2), (nd + 1) / (ns + 2)
        pa_by_group.append(pa)
        pd_by_group.append(pd)
        ra = pa / ((na_out + 1) / (ns_out + 2))
        rd = pd / ((nd_out + 1) / (ns_out + 2))
        pat, pdt = prop_test(na, ns), prop_test(nd, ns)
        rat, rdt = two_prop_test(na, na_out, ns, ns_out), two_prop_test(nd, nd_out, ns, ns_out)
        agree_metric, disagree_metric = ra * rat * pa * pat, rd * rdt * pd * pdt
        repful_agree = rat > rdt
        metric = np.where(repful_agree, agree_metric, disagree_metric)
        passes = np.where(
            repful_agree, (rat > Z_90) & (pat > Z_90), (rdt > Z_90) & (pdt > Z_90)
        ) & (ns > 0)
        order = [j for j in np.argsort(-metric, kind="stable") if passes[j]][:n_representative]
        if not order and n_s:
            order = [int(np.argmax(np.where(ns > 0, metric, -np.inf)))]
        reps = [
            StatementStat(
                stmts[j],
                g,
                int(na[j]),
                int(nd[j]),
                int(ns[j]),
                float(pa[j]),
                float(pd[j]),
                "agree" if repful_agree[j] else "disagree",
                float(metric[j]),
            )
            for j in order
        ]
        centre = xy[inside].mean(axis=0)
        groups.append(
            OpinionGroup(
                g,
                [people[i] for i in np.flatnonzero(inside)],
                reps,
                float(centre[0]),
                float(centre[1]),
            )
        )

    pa_g, pd_g = np.array(pa_by_group), np.array(pd_by_group)
    gac_agree, gac_disagree = pa_g.prod(axis=0), pd_g.prod(axis=0)
    pa_all, pd_all = (na_all + 1) / (ns_all + 2), (nd_all + 1) / (ns_all + 2)

    def overall(j: int, repful: str, score: float) -> StatementStat:
        return StatementStat(
            stmts[j],
            None,
            int(na_all[j]),
            int(nd_all[j]),
            int(ns_all[j]),
            float(pa_all[j]),
            float(pd_all[j]),
            repful,
            float(score),
        )

    consensus = [overall(j, "agree", gac_agree[j]) for j in _top(gac_agree, n_consensus)]
    consensus += [
        overall(j, "disagree", gac_disagree[j])
        for j in _top(gac_disagree, n_consensus)
        if gac_disagree[j] > gac_agree[j]
    ]
    divisive: list[StatementStat] = []
    if len(groups) > 1:
        spread = pa_g.max(axis=0) - pa_g.min(axis=0)
        divisive = [overall(j, "", spread[j]) for j in _top(spread, n_divisive)]

    xy_out = {str(p): (float(a), float(b)) for p, (a, b) in zip(people, xy, strict=True)}
    return OpinionResult(
        groups=groups,
        participant_xy=xy_out,
        consensus=consensus,
        divisive=divisive,
        n_participants=n_p,
        n_participants_clustered=len(people),
        n_statements=n_s,
        silhouette=silhouette,
    )


def _top(scores: np.ndarray, k: int) -> list[int]:
    return [int(j) for j in np.argsort(-scores, kind="stable")[:k] if math.isfinite(scores[j])]


def votes_from_rows(rows: Sequence[tuple[str | int, ProposalId, int]]) -> list[Vote]:
    """Votes from (participant, proposal id, value) tuples."""
    return [Vote(p, s, int(v)) for p, s, v in rows]
