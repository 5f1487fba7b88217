"""The values of a vote (賛成・反対・パス), in a module of their own: a proposal's answer names
the viewer's vote, and ``schemas.py`` imports the proposals' ``Tally``."""

from __future__ import annotations

from typing import Literal

VoteValue = Literal["agree", "disagree", "pass"]
