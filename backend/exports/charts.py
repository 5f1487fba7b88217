"""Charts for the PDF and DOCX summaries: matplotlib (Agg, no display) with the Japanese font.

Figures are built with the object API (no ``pyplot`` state), so charts can be drawn in
worker threads.
"""

from __future__ import annotations

import functools
import io
from typing import Any

import matplotlib

matplotlib.use("Agg")
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.typing import RcKeyType

from backend.exports import document as doc
from backend.exports.fonts import japanese_fonts

COLOURS = {
    "agree": "#2e7d5b",
    "disagree": "#c0504d",
    "pass": "#b8b8b8",
    "proposals": "#2f6db3",
    "comments": "#e39b2d",
}


@functools.cache
def _font_family() -> str:
    path = japanese_fonts().regular
    font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path).get_name()


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=150, bbox_inches="tight")
    return buffer.getvalue()


def _style() -> dict[RcKeyType, Any]:
    return {
        "font.family": [_font_family()],
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }


def timeline_chart(participation: doc.Participation) -> bytes | None:
    """Proposals and comments per week."""
    weeks = participation.timeline
    if not weeks:
        return None
    with matplotlib.rc_context(_style()):
        figure = Figure(figsize=(7.0, 2.6))
        axes = figure.add_subplot()
        x = list(range(len(weeks)))
        axes.bar(
            [i - 0.2 for i in x],
            [w.proposals for w in weeks],
            width=0.4,
            color=COLOURS["proposals"],
            label="提案",
        )
        axes.bar(
            [i + 0.2 for i in x],
            [w.comments for w in weeks],
            width=0.4,
            color=COLOURS["comments"],
            label="コメント",
        )
        step = max(1, len(weeks) // 8)
        axes.set_xticks(x[::step], [f"{w.week.month}/{w.week.day}" for w in weeks][::step])
        axes.set_xlabel("週（月曜日の日付）")
        axes.set_ylabel("件数")
        axes.set_title("週ごとの提案とコメント")
        axes.legend(frameon=False)
        return _png(figure)


def themes_chart(themes: list[doc.ThemeSummary]) -> bytes | None:
    """Theme sizes, and how the votes on each theme's proposals split."""
    if not themes:
        return None
    titles = [t.title if len(t.title) <= 16 else t.title[:15] + "…" for t in themes][::-1]
    ordered = themes[::-1]
    with matplotlib.rc_context(_style()):
        figure = Figure(figsize=(7.0, 0.3 * len(themes) + 1.3))
        size_axes, vote_axes = figure.subplots(
            1, 2, sharey=True, gridspec_kw={"width_ratios": [1, 1.4]}
        )
        size_axes.barh(titles, [t.size for t in ordered], color=COLOURS["proposals"])
        size_axes.set_title("提案数")
        left = [0.0] * len(ordered)
        for field, label in (("agree", "賛成"), ("disagree", "反対"), ("passed", "パス")):
            shares = []
            for t in ordered:
                total = t.agree + t.disagree + t.passed
                shares.append(100 * getattr(t, field) / total if total else 0.0)
            vote_axes.barh(
                titles,
                shares,
                left=left,
                label=label,
                color=COLOURS["pass" if field == "passed" else field],
            )
            left = [a + b for a, b in zip(left, shares, strict=True)]
        vote_axes.set_xlim(0, 100)
        vote_axes.set_title("投票の内訳（%）")
        vote_axes.legend(frameon=False, ncols=3, loc="upper center", bbox_to_anchor=(0.5, -0.08))
        figure.tight_layout()
        return _png(figure)
