"""``Stage``: the stages of an analysis, in order, as progress callbacks and the backend's run
progress name them (one enumeration on both sides of the backend↔ml boundary)."""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    """A stage of ``AnalysisPipeline.run``. A ``StrEnum``: each member equals its string, so
    a stage stored in the database ("embed") or reported by an embedder reads back as one."""

    PREPARE = "prepare"  # usable rows, PII masked, language detected
    OPINIONS = "opinions"  # Pol.is-style opinion groups from the votes
    DUPLICATES = "duplicates"  # near-duplicate groups and campaigns
    SEGMENT = "segment"  # place names removed, words segmented
    EMBED = "embed"
    CLUSTER = "cluster"  # themes and sub-themes
    LABEL = "label"  # keywords, titles, representatives, summaries
    MAP = "map"  # 2-D positions
    ASSEMBLE = "assemble"  # the typed ``Analysis``
