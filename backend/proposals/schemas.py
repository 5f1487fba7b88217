"""Shapes of proposals (意見・提案) at the API edge."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Literal

import msgspec
from litestar.datastructures import UploadFile

from backend.core.openapi import ProblemDetails, problem_response
from backend.processes.channels import ProposalChannel
from backend.users.roles import AgeBand
from backend.users.schemas import PublicUser
from backend.votes.values import VoteValue

Title = Annotated[str, msgspec.Meta(min_length=1, max_length=120, description="1–120 characters")]
Body = Annotated[str, msgspec.Meta(min_length=1, max_length=4000, description="1–4,000 characters")]
Tag = Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
Tags = Annotated[list[Tag], msgspec.Meta(max_length=10)]
LanguageCode = Annotated[str, msgspec.Meta(pattern=r"^[a-z]{2,3}$", description="ISO 639-1")]
DistrictCode = Annotated[str, msgspec.Meta(min_length=1, max_length=40)]

OfflineChannel = Literal["paper", "meeting", "phone"]
ProposalStatus = Literal["published", "hidden", "withdrawn"]
ProposalSort = Literal["newest", "most_agreed", "most_discussed"]


class ProposalCreate(msgspec.Struct, forbid_unknown_fields=True):
    title: Title
    body: Body
    district_code: DistrictCode
    tags: Tags = []
    language: LanguageCode | None = None


class ProxyProposalCreate(msgspec.Struct, forbid_unknown_fields=True):
    """A paper / meeting / phone submission typed in by staff (代理入力); the answer carries its
    受付番号 (``reference_number``) to write on the resident's receipt."""

    title: Title
    body: Body
    channel: OfflineChannel
    district_code: DistrictCode | None = None
    received_on: (
        Annotated[
            date,
            msgspec.Meta(
                description="受付日, the day it was received (Japan time); today if left out, "
                "never in the future"
            ),
        ]
        | None
    ) = None
    submitter_name: Annotated[str, msgspec.Meta(max_length=80)] | None = None
    submitter_age_band: AgeBand | None = None
    tags: Tags = []
    language: LanguageCode | None = None


class ProposalUpdate(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    title: Title | None = None
    body: Body | None = None
    district_code: DistrictCode | None = None
    tags: Tags | None = None


class ProposalWithdraw(msgspec.Struct, forbid_unknown_fields=True):
    """Why the author withdraws (取り下げの理由): shown to the author and city staff only."""

    reason: Annotated[
        str, msgspec.Meta(min_length=1, max_length=500, description="1–500 characters")
    ]


class ProposalCount(msgspec.Struct):
    """How many proposals match a list's filters (「N件」)."""

    count: int


AltText = Annotated[
    str,
    msgspec.Meta(
        min_length=1,
        max_length=200,
        description="what the photo shows, for people who cannot see it (1–200 characters)",
    ),
]


@dataclass
class ProposalImageUpload:
    """One photo sent as multipart/form-data: the file and its alternative text (代替テキスト)."""

    file: UploadFile
    alt: AltText


class ProposalImageOut(msgspec.Struct):
    id: int
    alt: str
    width: int
    height: int
    url: str
    thumb_url: str


class Tally(msgspec.Struct):
    agree: int
    disagree: int
    pass_: int = msgspec.field(name="pass")


class ProposalOut(msgspec.Struct):
    id: int
    process_id: int
    title: str
    body: str
    district_code: str | None
    tags: list[str]
    language: str
    channel: ProposalChannel
    status: ProposalStatus
    author: PublicUser | None
    submitter_name: str | None
    tally: Tally
    comment_count: int
    content_hash: str
    created_at: datetime
    updated_at: datetime
    my_vote: VoteValue | None = None
    entered_by: PublicUser | None = None
    status_reason: str | None = None
    images: list[ProposalImageOut] = []
    received_on: date | None = None
    reference_number: str | None = None
    # the part of ``tally`` from tally sheets and paper ballots (紙・説明会), when there is one
    offline_tally: Tally | None = None


class UnvotedPage(msgspec.Struct):
    """The next proposals for the card flow (つぎの提案へ): published ones the viewer has not
    voted on and did not write, least-voted first, and how many such proposals are left."""

    items: list[ProposalOut]
    remaining: int


class OfflineRowError(msgspec.Struct):
    """One problem in an imported file: 「12行目「本文」：空欄です」 (``message``)."""

    line: int
    column: str
    reason: str
    message: str
    file: str = ""  # which file, where an import reads several (Pol.is: votes.csv)


class RefusedFile(ProblemDetails, kw_only=True):
    """The 422 of an import refused as a whole: the first rows to fix and how many there are."""

    row_errors: list[OfflineRowError] = msgspec.field(default_factory=list)
    row_error_count: int = 0


REFUSED_FILE = {
    422: problem_response(
        422,
        RefusedFile,
        "Nothing was imported: a field is not valid (`errors`), or rows of the file are "
        "(`row_errors`, the first 100 of `row_error_count`).",
    )
}


class OfflineImportResult(msgspec.Struct):
    """What a bulk import stored: how many proposals and their 受付番号 range."""

    created: int
    first_reference: str
    last_reference: str
    proposal_ids: list[int]
