"""Where a process takes proposals in (受付経路): online by residents themselves, or on paper, at
a meeting or by phone, typed in by staff (代理入力). Planners open or close each per process."""

from __future__ import annotations

from collections.abc import Collection
from typing import Final, Literal

from backend.core.errors import Conflict

Channel = Literal["online", "paper", "meeting", "phone"]
"""Where a process takes proposals in."""
ProposalChannel = Literal["online", "paper", "meeting", "phone", "imported"]
"""Where a proposal came from: a channel, or ``imported`` from an earlier consultation
(``backend/imports``)."""

CHANNELS: tuple[Channel, ...] = ("online", "paper", "meeting", "phone")
ALL_CHANNELS = ",".join(CHANNELS)
# a proposal's channel besides these: ``imported`` from an earlier consultation (過去の意見募集,
# ``backend/imports``); no process takes new proposals in that way, so it is no intake channel
IMPORTED: Final = "imported"
PROPOSAL_CHANNELS: tuple[ProposalChannel, ...] = (*CHANNELS, IMPORTED)


def channels_from_column(stored: str) -> list[Channel]:
    """The channels of the stored form (``channel_column``), in the canonical order."""
    listed = stored.split(",")
    return [c for c in CHANNELS if c in listed]


def proposal_channel(author_id: int | None, channel: str) -> str:
    """The channel a proposal is counted under: a resident's own post is ``online``."""
    return "online" if author_id is not None else channel


_CHANNEL_WORDS = {
    "online": "online proposals from residents",
    "paper": "paper submissions",
    "meeting": "submissions from meetings",
    "phone": "submissions by phone",
}


def channel_column(channels: Collection[str]) -> str:
    """The stored form, in the canonical order and each once."""
    return ",".join(c for c in CHANNELS if c in channels)


def ensure_channel_open(open_channels: Collection[str], channel: str) -> None:
    if channel not in open_channels:
        accepted = ", ".join(open_channels) or "none"
        raise Conflict(
            f"This process does not accept {_CHANNEL_WORDS[channel]} "
            f"(it accepts: {accepted}). A planner can open the channel in the process settings.",
            channel=channel,
        )


def open_actions(actions: list[str], open_channels: Collection[str]) -> list[str]:
    """``actions`` less those whose channels are all closed: posting needs ``online``, proxy
    entry one of the others (so the SPA offers only what will be accepted)."""
    offline = any(c != "online" for c in open_channels)
    return [
        a
        for a in actions
        if (a != "propose" or "online" in open_channels) and (a != "proxy_entry" or offline)
    ]
