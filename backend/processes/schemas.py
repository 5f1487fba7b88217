"""Shapes of districts, processes and phases."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import msgspec

from backend.processes.phases import Phase

Slug = Annotated[str, msgspec.Meta(min_length=3, max_length=80, pattern=r"^[a-z0-9][a-z0-9-]*$")]
Title = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Description = Annotated[str, msgspec.Meta(max_length=20_000)]


class DistrictOut(msgspec.Struct):
    code: str
    name_ja: str
    name_en: str


class PhaseDates(msgspec.Struct, forbid_unknown_fields=True):
    phase: Phase
    starts_on: date | None = None
    ends_on: date | None = None


class ProcessCreate(msgspec.Struct, forbid_unknown_fields=True):
    slug: Slug
    title_ja: Title
    title_en: Annotated[str, msgspec.Meta(max_length=200)] = ""
    description_ja: Description = ""
    description_en: Description = ""
    phases: list[PhaseDates] = []


class ProcessUpdate(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    title_ja: Title | None = None
    title_en: Annotated[str, msgspec.Meta(max_length=200)] | None = None
    description_ja: Description | None = None
    description_en: Description | None = None
    # the example (a new timeline) is also what schemathesis's examples phase sends
    phases: Annotated[
        list[PhaseDates] | None,
        msgspec.Meta(examples=[[{"phase": "ideas", "starts_on": "2026-04-01",
                                 "ends_on": "2026-05-31"}, {"phase": "voting"}]]),
    ] = None


class PhaseChange(msgspec.Struct, forbid_unknown_fields=True):
    phase: Phase


class ProcessOut(msgspec.Struct):
    id: int
    slug: str
    title_ja: str
    title_en: str
    description_ja: str
    description_en: str
    phase: str
    phases: list[PhaseDates]
    allowed_actions: list[str]
    proposal_count: int
    created_at: datetime
