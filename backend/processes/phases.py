"""Phases of a process and what residents may do in each (checked on the server).

Each feature declares its own actions and the phases that allow them in its manifest
(``PhaseAction``: proposals declare ``propose``, votes ``vote``, …); this module asks them.

意見募集 (ideas) → 投票 (voting) → テーマ整理 (themes) → 素案 (draft) → 素案への意見 (feedback)
→ 終了 (closed). An archived process (アーカイブ) acts as the pseudo-phase ``archived``, which
allows nothing (``Process.acting_phase``).
"""

from __future__ import annotations

import functools
from typing import Literal, TypeGuard, get_args

from backend.core.errors import PhaseClosed
from backend.core.features import PhaseAction, all_features

Phase = Literal["ideas", "voting", "themes", "draft", "feedback", "closed"]
PHASES: tuple[Phase, ...] = get_args(Phase)


def is_phase(value: str) -> TypeGuard[Phase]:
    return value in PHASES


ARCHIVED = "archived"


@functools.cache
def phase_actions() -> dict[str, PhaseAction]:
    """Every action a feature declares in its manifest, by name."""
    return {action.name: action for feature in all_features() for action in feature.phase_actions}


def allowed_actions(phase: str) -> list[str]:
    return sorted(name for name, action in phase_actions().items() if phase in action.phases)


def ensure_phase_allows(phase: str, action: str) -> None:
    """Refuse ``action`` (a name a manifest declares) in ``phase`` with a sentence saying why;
    an archived process (not a phase any action names) allows nothing."""
    words = phase_actions()[action].words
    if phase == ARCHIVED:
        raise PhaseClosed(
            f"This process is archived: it is not possible to {words} any more. "
            "A planner can restore it.",
            phase=phase,
        )
    if phase not in phase_actions()[action].phases:
        raise PhaseClosed(
            f"This process is in the '{phase}' phase: it is not possible to {words} now.",
            phase=phase,
        )
