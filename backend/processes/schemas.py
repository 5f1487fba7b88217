"""Shapes of districts, processes and phases."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

import msgspec

from backend.core.openapi import ProblemDetails, problem_response
from backend.processes.channels import CHANNELS, Channel
from backend.processes.phases import Phase
from backend.verification.levels import Level

Slug = Annotated[str, msgspec.Meta(min_length=3, max_length=80, pattern=r"^[a-z0-9][a-z0-9-]*$")]
Title = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Description = Annotated[str, msgspec.Meta(max_length=20_000)]
Channels = Annotated[
    list[Channel],
    msgspec.Meta(min_length=1, max_length=4, description="where proposals may come in"),
]
Landmark = Annotated[str, msgspec.Meta(min_length=1, max_length=80, pattern=r"^[^\n\r]+$")]
Landmarks = Annotated[
    list[Landmark],
    msgspec.Meta(
        max_length=200,
        examples=[["緑川", "南浜", "みどり駅"]],
        description="place names the theme analysis leaves out (a river, a station, a park); "
        "the districts' names are left out without being listed",
    ),
]
DistrictCodeIn = Annotated[
    str,
    msgspec.Meta(
        min_length=1,
        max_length=40,
        pattern=r"^[a-z0-9][a-z0-9_-]*$",
        description="lower-case letters, digits, - and _ (e.g. kita-1)",
    ),
]
DistrictName = Annotated[str, msgspec.Meta(min_length=1, max_length=80)]
Position = Annotated[int, msgspec.Meta(ge=0, le=10_000)]
MinLevel = Annotated[
    Level,
    msgspec.Meta(
        description="the least verification tier: none, email (confirmed address), postcard "
        "(code mailed to the address) or counter (verified in person by staff)"
    ),
]


class DistrictOut(msgspec.Struct):
    code: str
    name_ja: str
    name_en: str
    position: int = 0


class DistrictCreate(msgspec.Struct, forbid_unknown_fields=True):
    code: DistrictCodeIn
    name_ja: DistrictName
    name_en: DistrictName
    position: Position | None = None  # None: after the last one


class DistrictUpdate(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    """The code is the district's identity (stored on proposals and accounts): to change it,
    create the new district and merge the old one into it."""

    name_ja: DistrictName | None = None
    name_en: DistrictName | None = None
    position: Position | None = None


class DistrictMerge(msgspec.Struct, forbid_unknown_fields=True):
    into: Annotated[
        str,
        msgspec.Meta(
            min_length=1, max_length=40, description="the code of the district that stays"
        ),
    ]


class DistrictMerged(msgspec.Struct):
    code: str
    into: str
    proposals_moved: int
    users_moved: int


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
    channels: Channels = msgspec.field(default_factory=lambda: list(CHANNELS))
    landmarks: Landmarks = []
    min_level_to_propose: MinLevel = "none"
    min_level_to_vote: MinLevel = "none"


class ProcessUpdate(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    title_ja: Title | None = None
    title_en: Annotated[str, msgspec.Meta(max_length=200)] | None = None
    description_ja: Description | None = None
    description_en: Description | None = None
    channels: Channels | None = None
    landmarks: Landmarks | None = None
    min_level_to_propose: MinLevel | None = None
    min_level_to_vote: MinLevel | None = None
    # the example (a new timeline) is also what schemathesis's examples phase sends
    phases: Annotated[
        list[PhaseDates] | None,
        msgspec.Meta(
            examples=[
                [
                    {"phase": "ideas", "starts_on": "2026-04-01", "ends_on": "2026-05-31"},
                    {"phase": "voting"},
                ]
            ]
        ),
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
    phase: Phase
    phases: list[PhaseDates]
    # the names the features' manifests declare (``PhaseAction``): open to any a feature adds
    allowed_actions: list[str]
    proposal_count: int
    created_at: datetime
    channels: list[Channel]
    archived_at: datetime | None
    landmarks: list[str] = []
    min_level_to_propose: Level = "none"
    min_level_to_vote: Level = "none"


ArchivedFilter = Literal["exclude", "include", "only"]


class DistrictInUse(ProblemDetails, kw_only=True):
    """The 409 of deleting a district that proposals or accounts still name."""

    proposals: int = 0
    users: int = 0


DISTRICT_IN_USE = {
    409: problem_response(
        409, DistrictInUse, "Proposals or accounts name the district: merge it instead."
    )
}
