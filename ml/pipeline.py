"""``AnalysisPipeline``: proposals and votes in, themes, map, duplicates and opinion groups out.

prepare (usable rows, PII masked, language) → opinions → deduplicate → segment (place names
out, words) → embed → cluster (two levels, "other") → label → map → assemble. Each step is a
swappable ``ml.steps`` object; ``analyse`` is the pipeline with its default steps.
"""

from __future__ import annotations

import contextlib
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from ml.cluster import OTHER, center_embeddings
from ml.concepts import CONCEPT_WEIGHT
from ml.embed.base import Embedder, Progress
from ml.embed.cache import EmbeddingCache
from ml.label import is_content_word, words_of
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
from ml.stages import Stage
from ml.step import Step, clone
from ml.steps import (
    Clustering,
    ClusterStep,
    Corpus,
    DeduplicateStep,
    Deduplication,
    EmbedStep,
    LabelStep,
    MapStep,
    OpinionStep,
    ThemeDescription,
)
from ml.text import detect_language, mask_pii

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


@dataclass(frozen=True)
class _Prepared:
    """The usable proposals, their PII-masked texts and languages, and the rows set aside."""

    proposals: list[Proposal]
    texts: list[str]
    langs: list[str]
    skipped: list[SkippedProposal]
    readable: list[str]  # ``texts`` with the first line (a proposal's title) on a line of its own


def _prepare(rows: Iterable[Any]) -> _Prepared:
    proposals, skipped = _usable_proposals(rows)
    masked = [mask_pii(p.text) for p in proposals]  # normalised, and empty only if the text was
    for p, text in zip(proposals, masked, strict=True):
        if not text:
            skipped.append(SkippedProposal(p.id, EMPTY_TEXT))
    kept = [(p, t) for p, t in zip(proposals, masked, strict=True) if t]
    langs = [p.lang or detect_language(t) for p, t in kept]
    readable = [_title_apart(p.text, t) for p, t in kept]
    return _Prepared([p for p, _ in kept], [t for _, t in kept], langs, skipped, readable)


def _title_apart(raw: str, masked: str) -> str:
    """``masked`` with its first line (the title, when the text is "title\nbody") ended by a
    line break, so that a summary never reads a title and the body's first sentence as one
    sentence: normalising turned the break into a space, which ends a sentence between two
    Japanese characters but not in 「Disaster drills for foreign residents As an English …」."""
    head, newline, _ = raw.partition("\n")
    if not newline:
        return masked
    title = mask_pii(head)
    if not title or not masked.startswith(title + " "):
        return masked
    return f"{title}\n{masked[len(title) + 1 :]}"


class _Laps:
    """Seconds per stage (``Metrics.seconds``), each stage's end reported to ``progress``."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.seconds: dict[str, float] = {}
        self.clock = time.perf_counter()

    def __call__(self, stage: Stage) -> None:
        now = time.perf_counter()
        self.seconds[str(stage)] = round(now - self.clock, 4)
        self.clock = now
        if self.progress:
            self.progress(stage, 1.0)


class AnalysisPipeline(Step):
    """The analysis as swappable steps (``ml.steps``), each with its own parameters.

    ``embedding``, ``deduplication``, ``clustering``, ``labelling``, ``mapping``, ``opinions``:
    the steps (defaults: ``EmbedStep()`` …); any object with the same method stands in.
    ``random_state`` is passed to every step that takes one, so one seed fixes the run.
    ``blas_threads`` caps BLAS/OpenMP threads during a run (``None``: library defaults); one
    thread is the default because the matrices here are modest and a worker usually shares
    its machine: on a busy 2-core machine two spinning BLAS threads made the run 2-4x slower.
    """

    def __init__(
        self,
        embedding: Any = None,
        deduplication: Any = None,
        clustering: Any = None,
        labelling: Any = None,
        mapping: Any = None,
        opinions: Any = None,
        *,
        random_state: int = 0,
        blas_threads: int | None = 1,
    ) -> None:
        self.embedding = EmbedStep() if embedding is None else embedding
        self.deduplication = DeduplicateStep() if deduplication is None else deduplication
        self.clustering = ClusterStep() if clustering is None else clustering
        self.labelling = LabelStep() if labelling is None else labelling
        self.mapping = MapStep() if mapping is None else mapping
        self.opinions = OpinionStep() if opinions is None else opinions
        self.random_state = random_state
        self.blas_threads = blas_threads

    def _step(self, step: Any) -> Any:
        """A fresh copy of ``step`` seeded with the pipeline's ``random_state``."""
        if not isinstance(step, Step):
            return step
        step = clone(step)
        if "random_state" in step.get_params(deep=False):
            step.set_params(random_state=self.random_state)
        return step

    def run(
        self,
        proposals: Iterable[Any],
        votes: Iterable[Any] = (),
        *,
        place_names: Sequence[str] = (),
        progress: Progress | None = None,
    ) -> Analysis:
        """Analyse ``proposals`` (``Proposal``s, (id, text[, lang]) tuples or {"id", "text",
        "lang"} maps) and ``votes`` (``Vote``s or (participant, proposal id, value) with value
        -1/0/1). ``place_names``: the city's gazetteer (districts, landmarks), removed from
        the text before embedding and from keyword candidates (``ml.places``), never used in a
        theme title. ``progress(stage, fraction)`` hears each ``Stage`` end, in order.

        Rows it cannot use (an empty text, an id already seen) are set aside in
        ``Analysis.skipped`` and the run goes on; texts with no content word (only emoji,
        numbers or punctuation) go to the その他 theme without being clustered.
        """
        limit = (
            threadpool_limits(self.blas_threads)
            if self.blas_threads is not None
            else contextlib.nullcontext()
        )
        with limit:
            return self._run(proposals, votes, place_names, progress)

    def _run(
        self,
        rows: Iterable[Any],
        votes: Iterable[Any],
        place_names: Sequence[str],
        progress: Progress | None,
    ) -> Analysis:
        lap = _Laps(progress)
        embedding = self._step(self.embedding)
        prepared = _prepare(rows)
        vote_list = coerce_votes(votes)
        lap(Stage.PREPARE)
        opinions = self._step(self.opinions).fit_predict(vote_list)
        lap(Stage.OPINIONS)
        if not prepared.proposals:
            no_text_embedder = embedding.embedder_
            return Analysis(
                themes=[],
                subthemes=[],
                assignments=[],
                duplicates=[],
                opinions=opinions,
                metrics=Metrics(0, 0, 0, 0, 0, None, {}, lap.seconds),
                backend=no_text_embedder.backend,
                model=no_text_embedder.model,
                random_state=self.random_state,
                skipped=prepared.skipped,
            )

        dedup = self._step(self.deduplication).fit_predict(prepared.texts)
        lap(Stage.DUPLICATES)
        corpus = _corpus(prepared, dedup.unique_rows, PlaceNames(place_names))
        lap(Stage.SEGMENT)
        features = embedding.fit_transform(corpus, progress=progress)
        lap(Stage.EMBED)
        has_content = np.array([any(map(is_content_word, w)) for w in corpus.words])
        clustering = self._step(self.clustering).fit_predict(features, has_content, progress)
        lap(Stage.CLUSTER)
        vectors = center_embeddings(features)
        labelling = self._step(self.labelling).fit_describe(
            corpus, vectors, clustering, place_names
        )
        lap(Stage.LABEL)
        positions = self._step(self.mapping).fit_transform(vectors, clustering.labels)
        lap(Stage.MAP)
        analysis = _Assembly(prepared, dedup, clustering, positions).analysis(
            labelling.themes, labelling.subthemes
        )
        lap(Stage.ASSEMBLE)
        embedder: Embedder = embedding.embedder_
        metrics = Metrics(
            n_proposals=len(prepared.proposals),
            n_unique=len(dedup.unique_rows),
            n_themes=clustering.n_themes,
            n_subthemes=clustering.n_subthemes,
            n_other=int((clustering.labels[dedup.unique_of_row] == OTHER).sum()),
            silhouette=clustering.silhouette,
            languages=dict(Counter(prepared.langs).most_common()),
            seconds=lap.seconds,
        )
        return Analysis(
            **analysis,
            opinions=opinions,
            metrics=metrics,
            backend=embedder.backend,
            model=embedder.model,
            random_state=self.random_state,
            skipped=prepared.skipped,
        )


def _corpus(prepared: _Prepared, unique_rows: list[int], places: PlaceNames) -> Corpus:
    texts = [prepared.texts[i] for i in unique_rows]
    content = [places.remove(t) for t in texts] if places else texts
    return Corpus(
        texts=texts,
        content=content,
        words=words_of(content),
        langs=[prepared.proposals[i].lang for i in unique_rows],
        detected=[prepared.langs[i] for i in unique_rows],
        readable=[prepared.readable[i] for i in unique_rows],
    )


class _Assembly:
    """The typed themes, sub-themes, assignments and duplicate groups from the steps' results
    (corpus rows mapped back to every input row)."""

    def __init__(
        self,
        prepared: _Prepared,
        dedup: Deduplication,
        clustering: Clustering,
        positions: np.ndarray,
    ) -> None:
        self.prepared, self.dedup, self.clustering = prepared, dedup, clustering
        self.positions = positions
        self.ids = [p.id for p in prepared.proposals]
        self.row_labels = clustering.labels[dedup.unique_of_row]
        self.row_sublabels = clustering.sublabels[dedup.unique_of_row]

    def theme_id(self, t: int) -> str:
        return OTHER_ID if t == OTHER else f"t{t + 1}"

    def subtheme_id(self, s: int) -> str:
        if s == OTHER:
            return OTHER_ID
        return f"{self.theme_id(int(self.clustering.parent[s]))}.{s + 1}"

    def analysis(
        self, themes: dict[int, ThemeDescription], subthemes: dict[int, ThemeDescription]
    ) -> dict[str, Any]:
        c, dedup, ids = self.clustering, self.dedup, self.ids
        group_of_row = {i: gid for gid, members in enumerate(dedup.groups) for i in members}
        return {
            "themes": self._themes(1, c.labels, self.row_labels, themes),
            "subthemes": self._themes(2, c.sublabels, self.row_sublabels, subthemes),
            "assignments": [
                Assignment(
                    proposal_id=ids[i],
                    theme_id=self.theme_id(int(self.row_labels[i])),
                    subtheme_id=self.subtheme_id(int(self.row_sublabels[i])),
                    theme_score=round(float(c.theme_scores[u]), 4),
                    subtheme_score=round(float(c.subtheme_scores[u]), 4),
                    x=float(self.positions[u, 0]),
                    y=float(self.positions[u, 1]),
                    lang=self.prepared.langs[i],
                    duplicate_group=group_of_row.get(i),
                )
                for i, u in enumerate(dedup.unique_of_row.tolist())
            ],
            "duplicates": [
                DuplicateGroup(
                    gid, [ids[i] for i in members], ids[members[0]], len(members) >= CAMPAIGN_SIZE
                )
                for gid, members in enumerate(dedup.groups)
            ],
        }

    def _themes(
        self,
        level: int,
        labels: np.ndarray,
        row_labels: np.ndarray,
        described: dict[int, ThemeDescription],
    ) -> list[Theme]:
        name = self.theme_id if level == 1 else self.subtheme_id
        unique_rows, texts = self.dedup.unique_rows, self.prepared.texts
        out = []
        for t, d in described.items():
            is_other = t == OTHER
            parent = None
            if level == 2:
                parent = OTHER_ID if is_other else self.theme_id(int(self.clustering.parent[t]))
            centre = self.positions[np.flatnonzero(labels == t)].mean(axis=0)
            out.append(
                Theme(
                    id=name(t),
                    level=level,
                    parent_id=parent,
                    title="その他" if d.title is None else d.title,
                    size=int((row_labels == t).sum()),
                    keywords=[Keyword(w, round(s, 4)) for w, s in d.keywords],
                    representatives=[
                        Representative(self.ids[unique_rows[u]], texts[unique_rows[u]], round(c, 4))
                        for u, c in d.representatives
                    ],
                    proposal_ids=[self.ids[i] for i in np.flatnonzero(row_labels == t)],
                    is_other=is_other,
                    x=float(centre[0]),
                    y=float(centre[1]),
                    title_en="Other" if d.title_en is None else d.title_en,
                    summary=d.summary,
                    policy_field=d.policy_field,
                )
            )
        return out


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
    concept_weight: float = CONCEPT_WEIGHT,
    duplicate_threshold: float = 0.8,
    n_keywords: int = 8,
    n_representatives: int = 3,
    random_state: int = 0,
    progress: Progress | None = None,
    blas_threads: int | None = 1,
) -> Analysis:
    """Analyse proposals (and optionally votes on them) with the default steps: the
    keyword arguments are those of ``EmbedStep``, ``ClusterStep``, ``DeduplicateStep``,
    ``LabelStep`` and ``AnalysisPipeline`` (see them), and of ``AnalysisPipeline.run``.
    Deterministic for a given ``random_state``."""
    pipeline = AnalysisPipeline(
        embedding=EmbedStep(
            embedder,
            cache=cache,
            lexical_weight=lexical_weight,
            language_neutral=language_neutral,
            language_shrinkage=language_shrinkage,
            concept_weight=concept_weight,
        ),
        deduplication=DeduplicateStep(threshold=duplicate_threshold),
        clustering=ClusterStep(n_themes, n_subthemes, other_bucket=other_bucket),
        labelling=LabelStep(n_keywords=n_keywords, n_representatives=n_representatives),
        random_state=random_state,
        blas_threads=blas_threads,
    )
    return pipeline.run(proposals, votes, place_names=place_names, progress=progress)


def net_support(votes: Iterable[Any]) -> dict[Any, int]:
    """Agree minus disagree per proposal (latest vote per participant and proposal)."""
    latest: dict[tuple[Any, Any], int] = {}
    for v in coerce_votes(votes):
        latest[(v.participant, v.proposal_id)] = v.value
    out: dict[Any, int] = {}
    for (_, pid), value in latest.items():
        out[pid] = out.get(pid, 0) + value
    return out
