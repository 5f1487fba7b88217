"""Chapters of a strategy plan (政策の柱): which basic goal a theme belongs under.

A theme's policy field (施策分野, ``ml.titles``) decides its chapter (``data/plan_chapters.toml``).
Themes the analysis named carry the field id; a theme a planner renamed is matched by the field
its title starts with (「公共交通：…」) or names, else by the field whose words its keywords use
most. A theme that matches no field goes under the cross-field chapter, so every theme has a
place.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ml.schema import Theme
from ml.titles import policy_fields

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class PlanChapter:
    """One chapter: its name, the basic goal's title, and the policy fields under it."""

    id: str
    ja: str
    goal: str
    fields: frozenset[str]


CROSS_FIELD = PlanChapter(
    "cross_field", "分野横断", "分野を横断して取り組むまちづくり", frozenset()
)


@functools.cache
def plan_chapters(path: Path = DATA / "plan_chapters.toml") -> tuple[PlanChapter, ...]:
    with path.open("rb") as f:
        rows = tomllib.load(f)["chapter"]
    return tuple(PlanChapter(r["id"], r["ja"], r["goal"], frozenset(r["fields"])) for r in rows)


def policy_field_of(theme: Theme, default: str | None = None) -> str | None:
    """The id of the policy field a theme is about, or None. ``default`` (a sub-theme's parent's
    field) comes before the guess from keywords: a sub-theme titled without its field shares
    the field of the theme it heads."""
    if theme.policy_field:
        return theme.policy_field
    fields = policy_fields()
    head = theme.title.partition("：")[0]
    named = next((f.id for f in fields if f.ja == head), None)
    if named is not None or default is not None:
        return named or default
    # a planner's own title often names the field: 「防災と地域のつながり」 (longest name wins)
    mentioned = sorted((f for f in fields if f.ja in theme.title), key=lambda f: -len(f.ja))
    if mentioned:
        return mentioned[0].id
    words = {k.word.lower() for k in theme.keywords}
    hits = [(len(f.words & words), -i, f.id) for i, f in enumerate(fields)]
    best = max(hits, default=(0, 0, None))
    return best[2] if best[0] > 0 else None


def chapter_of(theme: Theme) -> PlanChapter:
    field = policy_field_of(theme)
    return next((c for c in plan_chapters() if field in c.fields), CROSS_FIELD)
