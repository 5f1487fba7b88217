"""Shapes of votes."""

from __future__ import annotations

import msgspec

from backend.proposals.schemas import Tally
from backend.votes.values import VoteValue

VOTE_VALUES: dict[str, int] = {"agree": 1, "disagree": -1, "pass": 0}
VOTE_NAMES: dict[int, VoteValue] = {1: "agree", -1: "disagree", 0: "pass"}


class VoteCast(msgspec.Struct, forbid_unknown_fields=True):
    value: VoteValue


class VoteResult(msgspec.Struct):
    proposal_id: int
    my_vote: VoteValue | None
    tally: Tally
