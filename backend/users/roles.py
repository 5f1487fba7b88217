"""Roles and the age bands used for breakdowns."""

from __future__ import annotations

from typing import Literal

Role = Literal["resident", "planner", "council", "admin"]
ROLES: tuple[str, ...] = ("resident", "planner", "council", "admin")
STAFF_ROLES = frozenset({"planner", "admin"})
READER_ROLES = frozenset({"planner", "council", "admin"})

AgeBand = Literal["under_20", "20s", "30s", "40s", "50s", "60s", "70_plus"]
Language = Literal["ja", "en"]
