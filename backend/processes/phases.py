"""Phases of a process and what residents may do in each (one place, checked on the server).

意見募集 (ideas) → 投票 (voting) → テーマ整理 (themes) → 素案 (draft) → 素案への意見 (feedback)
→ 終了 (closed). An archived process (アーカイブ) acts as the pseudo-phase ``archived``, which
allows nothing (``Process.acting_phase``).
"""

from __future__ import annotations

from typing import Literal

from backend.core.errors import PhaseClosed

Phase = Literal["ideas", "voting", "themes", "draft", "feedback", "closed"]
PHASES: tuple[str, ...] = ("ideas", "voting", "themes", "draft", "feedback", "closed")

ARCHIVED = "archived"

Action = Literal["propose", "edit_proposal", "vote", "comment", "proxy_entry", "comment_draft"]

ALLOWED_ACTIONS: dict[str, frozenset[str]] = {
    "ideas": frozenset({"propose", "edit_proposal", "vote", "comment", "proxy_entry"}),
    # staff type in what arrives offline until the process closes (受付 never stops early)
    "voting": frozenset({"vote", "comment", "proxy_entry"}),
    "themes": frozenset({"comment", "proxy_entry"}),
    "draft": frozenset({"proxy_entry"}),
    "feedback": frozenset({"comment_draft", "proxy_entry"}),
    "closed": frozenset(),
    ARCHIVED: frozenset(),
}

_ACTION_WORDS = {
    "propose": "post new proposals",
    "edit_proposal": "edit proposals",
    "vote": "vote",
    "comment": "comment on proposals",
    "proxy_entry": "enter paper, meeting or phone submissions",
    "comment_draft": "comment on the draft plan",
}


def allowed_actions(phase: str) -> list[str]:
    return sorted(ALLOWED_ACTIONS.get(phase, frozenset()))


def ensure_phase_allows(phase: str, action: str) -> None:
    if phase == ARCHIVED:
        raise PhaseClosed(
            f"This process is archived: it is not possible to {_ACTION_WORDS[action]} any more. "
            "A planner can restore it.",
            phase=phase,
        )
    if action not in ALLOWED_ACTIONS.get(phase, frozenset()):
        raise PhaseClosed(
            f"This process is in the '{phase}' phase: it is not possible to "
            f"{_ACTION_WORDS[action]} now.",
            phase=phase,
        )
