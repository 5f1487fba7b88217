"""新旧対照表: two versions of a draft compared item by item, as Japanese plans print changes.

Items (基本目標, 施策, 主な取組, 成果指標, 反映しなかった意見) are matched by their stable key,
not by line, so a planner reads "施策 1-2 changed" rather than a ``@@ -3,4 +3,6 @@`` hunk.
Inside a changed item the changed words are marked; Japanese has no spaces, so words are runs
of one script (漢字, ひらがな, カタカナ, Latin and digits), which keeps 「増便」 whole instead of
marking single characters.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import Literal

import msgspec

from backend.drafts.kpi_check import kpi_value
from backend.drafts.schemas import DraftContent, Kpi, plan_label
from ml.draft import kpi_label

Change = Literal["added", "removed", "changed"]

_WORDS = re.compile(
    r"[\u4e00-\u9fff\u3005\u3006]+|[\u3041-\u309f]+|[\u30a0-\u30ff\uff66-\uff9f]+"
    r"|[A-Za-z0-9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a.,%％]+|\s+|."
)


class TextSpan(msgspec.Struct):
    """A piece of one side's text; ``changed`` pieces are the ones underlined (傍線)."""

    text: str
    changed: bool = False


class CompareRow(msgspec.Struct):
    """One plan item in both versions. ``new``/``old`` are empty where the item is 新設 or 削除."""

    key: str
    label: str
    change: Change
    new: list[TextSpan]
    old: list[TextSpan]


class DraftComparison(msgspec.Struct):
    """新旧対照表 of a draft: only the items that differ, in the new version's order."""

    draft_id: int
    title: str
    from_version: int
    to_version: int
    rows: list[CompareRow]


def _kpi_text(kpi: Kpi) -> str:
    return (
        f"{kpi_label(kpi.name, kpi.unit)}\n現状値 {kpi_value(kpi, kpi.baseline)}　"
        f"目標値 {kpi_value(kpi, kpi.target)}（{kpi_value(kpi, kpi.target_year)}）"
        + (f"\n把握方法 {kpi.source}" if kpi.source else "")
    )


_MARKUP = re.compile(r"\*\*|__|`|^#{1,6}\s+", re.MULTILINE)
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def plain_text(markdown: str) -> str:
    """The words of a Markdown body as a reader sees them: 「**地域の備え**」 → 「地域の備え」
    (a 新旧対照表 is read and printed, not edited)."""
    return _MARKUP.sub("", _LINK.sub(r"\1", markdown))


def _heading(title: str, body: str) -> str:
    return f"{title}\n{plain_text(body)}".strip()


def plan_items(content: DraftContent) -> Iterator[tuple[str, str, str]]:
    """(key, label, text) of every item a reader compares, in reading order."""
    yield "title", "計画の名称", content.title
    if content.preamble:
        yield "preamble", "はじめに", plain_text(content.preamble)
    for goal in content.sections:
        yield goal.key, f"基本目標 {plan_label(goal.key)}", _heading(goal.title, goal.body)
        for measure in goal.measures:
            label = plan_label(measure.key)
            yield measure.key, f"施策 {label}", _heading(measure.title, measure.body)
            for action in measure.actions:
                yield (
                    action.key,
                    f"主な取組 {plan_label(action.key)}",
                    _heading(action.title, action.body),
                )
            for kpi in measure.kpis:
                yield f"{measure.key}/kpi/{kpi.name}", f"成果指標（施策 {label}）", _kpi_text(kpi)
            if measure.voices:
                yield (
                    f"{measure.key}/voices",
                    f"市民の声（施策 {label}）",
                    "\n".join(f"「{v.text}」（提案 {v.proposal_id}）" for v in measure.voices),
                )
    for item in content.not_reflected:
        yield (
            f"not-reflected/{item.title}",
            "計画に反映しなかった意見",
            f"{item.title}\n{item.reason}",
        )


def _words(text: str) -> list[str]:
    return _WORDS.findall(text)


def marked_spans(old: str, new: str) -> tuple[list[TextSpan], list[TextSpan]]:
    """The new and the old text split into unchanged and changed pieces."""
    a, b = _words(old), _words(new)
    old_spans: list[TextSpan] = []
    new_spans: list[TextSpan] = []

    def add(spans: list[TextSpan], text: str, changed: bool) -> None:
        if not text:
            return
        if spans and spans[-1].changed == changed:
            spans[-1].text += text
        else:
            spans.append(TextSpan(text, changed))

    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        add(old_spans, "".join(a[i1:i2]), tag != "equal")
        add(new_spans, "".join(b[j1:j2]), tag != "equal")
    return new_spans, old_spans


def compare_contents(old: DraftContent, new: DraftContent) -> list[CompareRow]:
    """The rows of the 新旧対照表: items added, removed or reworded, in the new order
    (a removed item stands where it stood in the old version)."""
    before = {key: (label, text) for key, label, text in plan_items(old)}
    after = {key: (label, text) for key, label, text in plan_items(new)}
    old_keys, new_keys = list(before), list(after)
    order: list[str] = []
    matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            order += [k for k in old_keys[i1:i2] if k not in after]
        order += new_keys[j1:j2]
    rows: list[CompareRow] = []
    for key in order:
        if key not in before:
            label, text = after[key]
            rows.append(CompareRow(key, label, "added", [TextSpan(text, True)], []))
        elif key not in after:
            label, text = before[key]
            rows.append(CompareRow(key, label, "removed", [], [TextSpan(text, True)]))
        elif before[key][1] != after[key][1]:
            new_spans, old_spans = marked_spans(before[key][1], after[key][1])
            rows.append(CompareRow(key, after[key][0], "changed", new_spans, old_spans))
    return rows
