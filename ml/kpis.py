"""Suggested KPIs (成果指標) of a measure, from a catalogue of common municipal indicators.

``data/kpi_catalogue.toml`` gives one or two indicators per policy field (施策分野) with unit,
usual data source and direction, and one per plan chapter as the fallback. Drafts used to carry
「「みどり」に関する取組の実施件数 ［現状値］」: an indicator no city measures, with a placeholder
that reached the published PDF. Values stay empty here; the planner enters them.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

import msgspec

DATA = Path(__file__).parent / "data"


class KpiSpec(msgspec.Struct, frozen=True):
    """One catalogue indicator: 「路線バスの年間利用者数（人）」, from 交通事業者報告."""

    name: str
    unit: str
    source: str
    direction: Literal["increase", "decrease"]


class KpiCatalogue(msgspec.Struct, frozen=True):
    by_field: dict[str, list[KpiSpec]]
    by_chapter: dict[str, list[KpiSpec]]

    def suggest(self, fields: Iterable[str | None], chapter: str, limit: int = 2) -> list[KpiSpec]:
        """Up to ``limit`` indicators for a measure about ``fields`` (most important first),
        each field's first indicator before its second; the chapter's when none has any."""
        lists = [self.by_field.get(f, []) for f in dict.fromkeys(fields) if f]
        picked = list(
            dict.fromkeys(
                k
                for rank in range(max(map(len, lists), default=0))
                for specs in lists
                if rank < len(specs)
                for k in [specs[rank]]
            )
        )
        return (picked or self.by_chapter.get(chapter, []))[:limit]


@functools.cache
def kpi_catalogue(path: Path = DATA / "kpi_catalogue.toml") -> KpiCatalogue:
    with path.open("rb") as f:
        data = tomllib.load(f)
    by_field: dict[str, list[KpiSpec]] = {}
    for row in data.get("kpi", []):
        by_field.setdefault(row.pop("field"), []).append(msgspec.convert(row, KpiSpec))
    by_chapter: dict[str, list[KpiSpec]] = {}
    for row in data.get("chapter_kpi", []):
        by_chapter.setdefault(row.pop("chapter"), []).append(msgspec.convert(row, KpiSpec))
    return KpiCatalogue(by_field, by_chapter)
