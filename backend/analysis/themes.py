"""The themes of a run as planners edited them: the run's rows with their edits replayed.

Runs are immutable; planners' edits (``theme_edits``) are applied on top, in order, each time a
run is read. Staff screens replay every edit; residents' readings only those the last approval
of the themes covered (up to ``AnalysisRun.published_edit_id``), so an edit made after the
themes were published waits for the next approval (決裁). Split edits carry their re-clustering
result in their payload, so replaying never runs the model again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.analysis.models import AnalysisRun, Theme, ThemeAssignment, ThemeEdit
from backend.core.errors import InvalidInput
from backend.users.public_view import without_quotes


@dataclass
class ThemeState:
    key: str
    level: int
    parent_key: str | None
    title: str
    keywords: list[dict[str, Any]]
    representative_ids: list[int]
    is_other: bool
    x: float
    y: float
    summary: str = ""
    title_en: str = ""


@dataclass
class EditedThemes:
    run_id: int
    themes: dict[str, ThemeState]
    assignment: dict[int, tuple[str, str]]  # proposal → (theme key, subtheme key)
    points: dict[int, tuple[float, float]]
    excluded: dict[int, str] = field(default_factory=dict)
    last_edit_id: int | None = None  # the last edit replayed (what an approval would publish)
    unpublished_edits: int = 0  # edits replayed that residents do not see yet

    def members(self, key: str) -> list[int]:
        """Proposals in a theme (level 1 or 2), excluded ones left out, in id order."""
        level = self.themes[key].level
        return sorted(
            pid
            for pid, (theme, sub) in self.assignment.items()
            if pid not in self.excluded and (theme if level == 1 else sub) == key
        )

    def withhold(self, proposals: Mapping[int, str]) -> None:
        """Leave proposals (id → text) out of this reading, not the stored run: for the
        public, those hidden or withdrawn since the run (``proposals/withheld.py``), with the
        summary sentences quoted from them."""
        for pid in proposals:
            self.assignment.pop(pid, None)
            self.points.pop(pid, None)
            self.excluded.pop(pid, None)
        for theme in self.themes.values():
            theme.summary = without_quotes(theme.summary, proposals.values())

    def top_level(self) -> list[ThemeState]:
        return [t for t in self.themes.values() if t.level == 1]

    def children(self, key: str) -> list[ThemeState]:
        return [t for t in self.themes.values() if t.level == 2 and t.parent_key == key]

    def theme_of(self, proposal_id: int) -> str | None:
        if proposal_id in self.excluded or proposal_id not in self.assignment:
            return None
        return self.assignment[proposal_id][0]

    def require(self, key: str, level: int | None = None) -> ThemeState:
        theme = self.themes.get(key)
        if theme is None or (level is not None and theme.level != level):
            kind = "major theme" if level == 1 else "theme"
            raise InvalidInput(f"There is no {kind} '{key}' in this analysis run.")
        return theme


def _merge_keywords(lists: list[list[dict[str, Any]]], limit: int = 8) -> list[dict[str, Any]]:
    best: dict[str, float] = {}
    for keywords in lists:
        for k in keywords:
            best[k["word"]] = max(best.get(k["word"], 0.0), float(k["score"]))
    return [{"word": w, "score": s} for w, s in sorted(best.items(), key=lambda i: -i[1])][:limit]


def apply_edit(state: EditedThemes, kind: str, payload: dict[str, Any]) -> None:
    """Apply one edit; raises InvalidInput when it does not fit the current themes."""
    if kind == "rename":
        theme = state.require(payload["theme_key"])
        theme.title, theme.title_en = payload["title"], payload.get("title_en", "")
    elif kind == "summary":
        state.require(payload["theme_key"]).summary = payload["summary"]
    elif kind == "merge":
        target = state.require(payload["target_key"], level=1)
        sources = [state.require(k, level=1) for k in payload["source_keys"]]
        if target.key in payload["source_keys"]:
            raise InvalidInput("A theme cannot be merged into itself.")
        target.keywords = _merge_keywords([target.keywords, *[s.keywords for s in sources]])
        target.representative_ids += [r for s in sources for r in s.representative_ids]
        source_keys = {s.key for s in sources}
        for pid, (theme_key, sub_key) in list(state.assignment.items()):
            if theme_key in source_keys:
                new_sub = sub_key if sub_key != theme_key else target.key
                state.assignment[pid] = (target.key, new_sub)
        for theme in list(state.themes.values()):
            if theme.level == 2 and theme.parent_key in source_keys:
                theme.parent_key = target.key
        for key in source_keys:
            del state.themes[key]
    elif kind == "split":
        old = state.require(payload["theme_key"], level=1)
        for theme in [old, *state.children(old.key)]:
            del state.themes[theme.key]
        for part in payload["parts"]:
            state.themes[part["key"]] = ThemeState(
                part["key"],
                1,
                None,
                part["title"],
                part["keywords"],
                part["representative_ids"],
                False,
                part["x"],
                part["y"],
                part.get("summary", ""),
                part.get("title_en", ""),
            )
            for pid in part["proposal_ids"]:
                state.assignment[pid] = (part["key"], part["key"])
    elif kind == "move":
        target = state.require(payload["theme_key"])
        parent = target.parent_key if target.level == 2 and target.parent_key else target.key
        pair = (parent, target.key)
        for pid in payload["proposal_ids"]:
            if pid not in state.assignment:
                raise InvalidInput(f"Proposal {pid} was not part of this analysis run.")
            state.assignment[pid] = pair
    elif kind == "exclude":
        for pid in payload["proposal_ids"]:
            if pid not in state.assignment:
                raise InvalidInput(f"Proposal {pid} was not part of this analysis run.")
            state.excluded[pid] = payload["reason"]
    elif kind == "include":
        for pid in payload["proposal_ids"]:
            state.excluded.pop(pid, None)
    else:
        raise InvalidInput(f"Unknown theme edit '{kind}'.")


async def load_edited_themes(session: AsyncSession, run_id: int, *, public: bool) -> EditedThemes:
    """A run's themes with planners' edits replayed: for ``public`` (anything residents or
    anonymous visitors read) only the edits the themes' last approval covered, else every edit
    (staff screens, draft generation, the preview submitted for approval)."""
    published = (
        await session.execute(select(AnalysisRun.published_edit_id).where(AnalysisRun.id == run_id))
    ).scalar()
    themes = (
        await session.execute(
            select(Theme).where(Theme.run_id == run_id).order_by(Theme.level, Theme.id)
        )
    ).scalars()
    rows = (
        await session.execute(select(ThemeAssignment).where(ThemeAssignment.run_id == run_id))
    ).scalars()
    state = EditedThemes(run_id, {}, {}, {})
    for t in themes:
        state.themes[t.key] = ThemeState(
            t.key,
            t.level,
            t.parent_key,
            t.title,
            list(t.keywords),
            list(t.representative_ids),
            t.is_other,
            t.x,
            t.y,
            t.summary,
            t.title_en,
        )
    for a in rows:
        state.assignment[a.proposal_id] = (a.theme_key, a.subtheme_key)
        state.points[a.proposal_id] = (a.x, a.y)
    query = select(ThemeEdit).where(ThemeEdit.run_id == run_id).order_by(ThemeEdit.id)
    if public:
        query = query.where(ThemeEdit.id <= (published or 0))
    for edit in (await session.execute(query)).scalars():
        apply_edit(state, edit.kind, edit.payload)
        state.last_edit_id = edit.id
        if published is None or edit.id > published:
            state.unpublished_edits += 1
    return state
