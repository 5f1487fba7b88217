"""Shapes of offline votes: tally sheets (集計表) and paper ballots (紙の投票用紙)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

import msgspec

from backend.core.errors import MAX_ID
from backend.proposals.schemas import DistrictCode, OfflineChannel, Tally
from backend.users.roles import AgeBand
from backend.users.schemas import PublicUser
from backend.votes.values import VoteValue

# a ballot typed in by staff, or a participant of an imported consultation (Pol.is votes)
BallotChannel = Literal["paper", "meeting", "phone", "imported"]
# a large meeting or a whole ward's slips, never more people than a city has
Count = Annotated[int, msgspec.Meta(ge=0, le=1_000_000, description="how many people; 0 or more")]
ProposalId = Annotated[int, msgspec.Meta(ge=1, le=MAX_ID)]
Label = Annotated[str, msgspec.Meta(max_length=120)]
Note = Annotated[str, msgspec.Meta(max_length=2000)]
HeldOn = Annotated[
    date,
    msgspec.Meta(
        description="the day of the meeting or of the slips (Japan time); never in the future"
    ),
]


class TallySheetCreate(msgspec.Struct, forbid_unknown_fields=True):
    """Counts for one proposal from a tally sheet, e.g. a meeting's show of hands (挙手)."""

    proposal_id: ProposalId
    channel: OfflineChannel
    agree: Count
    disagree: Count
    pass_: Count = msgspec.field(name="pass", default=0)
    label: Label | None = None
    held_on: HeldOn | None = None
    note: Note | None = None


class TallySheetUpdate(msgspec.Struct, forbid_unknown_fields=True):
    """A correction (訂正) of a sheet's counts; the audit log keeps the counts before."""

    agree: Count
    disagree: Count
    pass_: Count = msgspec.field(name="pass", default=0)
    label: Label | None = None
    held_on: HeldOn | None = None
    note: Note | None = None


class TallySheetOut(msgspec.Struct):
    id: int
    process_id: int
    proposal_id: int
    channel: OfflineChannel
    tally: Tally
    label: str | None
    held_on: date | None
    note: str | None
    entered_by: PublicUser | None
    updated_by: PublicUser | None
    created_at: datetime
    updated_at: datetime


class BallotVoteIn(msgspec.Struct, forbid_unknown_fields=True):
    proposal_id: ProposalId
    vote: VoteValue


Votes = Annotated[
    list[BallotVoteIn],
    msgspec.Meta(max_length=2000, description="the ballot's marks; a proposal at most once"),
]


class BallotCreate(msgspec.Struct, forbid_unknown_fields=True):
    """One paper ballot (紙の投票用紙) of an anonymous participant: their marks on many
    proposals, and what the sheet says about them."""

    channel: OfflineChannel
    votes: Votes
    district_code: DistrictCode | None = None
    age_band: AgeBand | None = None
    received_on: HeldOn | None = None


class BallotUpdate(msgspec.Struct, forbid_unknown_fields=True):
    """The ballot's marks as they should be (訂正); a proposal left out has no mark."""

    votes: Votes


class BallotOut(msgspec.Struct):
    id: int
    process_id: int
    label: str
    channel: BallotChannel
    district_code: str | None
    age_band: AgeBand | None
    received_on: date | None
    votes: list[BallotVoteIn]
    entered_by: PublicUser | None
    created_at: datetime
    updated_at: datetime


class BallotPage(msgspec.Struct):
    items: list[BallotOut]
    total: int


class ChannelTally(msgspec.Struct):
    """One proposal's counts from one channel (online, paper, meeting, phone)."""

    channel: str
    tally: Tally


class OfflineBreakdown(msgspec.Struct):
    """A proposal's tallies by channel: sheets and ballots apart (集計表・紙票の内訳)."""

    proposal_id: int
    total: Tally
    by_channel: list[ChannelTally]
    sheets: int
    ballots: int
