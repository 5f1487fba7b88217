"""「自分のデータをダウンロード」: everything Kyoso holds about the signed-in person, as one JSON
file (the right of access, 開示請求, without a letter to the city office).

Every table with a foreign key to ``users`` is listed here, included or not:

- included: the account and its consent (``users``), sign-in sessions (``user_sessions``: when
  each began and ends, never the token), proposals written (``proposals.author_id``, hidden and
  withdrawn ones too, with their tags and photos), comments (``comments``), votes (``votes``),
  comments on draft plans (``draft_comments``) and reports filed (``reports.reporter_id``),
  notification settings (``notification_preferences``) and notices (``notices``), the
  external accounts linked for signing in (``user_identities``: the provider and its subject).
  verification tier and its history (``users.verification_level``, ``verification_events``,
  staff notes included) and postcard codes used (``postcard_codes.used_by_id``, as the batch).
- not included: e-mailed one-time links (``email_tokens``: only their hashes are kept, and
  they are of no use to anyone once used or expired).
- not included, because they are the city's records of staff work rather than data about the
  person (kept for accountability, see docs/privacy.md): proposals typed in for others
  (``proposals.entered_by_id``: their names belong to those others), reports resolved, drafts and
  their versions, responses, analysis runs and theme edits, approvals, site pages, export jobs
  and the audit log (``audit_events.actor_id``); set-password links (``set_password_tokens``:
  only a hash of a credential, voided once used).

The platform keeps no sign-in history beyond open sessions and the time of the last sign-in
(``users.last_sign_in_at``, in ``account``).
"""

from __future__ import annotations

from datetime import datetime

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.comments.models import Comment
from backend.core.database import utcnow
from backend.drafts.models import DraftComment
from backend.moderation.models import Report
from backend.notifications.models import Notice
from backend.notifications.schemas import NotificationSettings
from backend.notifications.services import preferences
from backend.oidc.services import linked_identities
from backend.proposals.image_services import image_url
from backend.proposals.models import Proposal, ProposalImage
from backend.users.models import User, UserSession
from backend.verification.levels import user_level
from backend.verification.models import VerificationEvent
from backend.votes.models import Vote
from backend.votes.schemas import VOTE_NAMES

FILE_KIND = "kyoso-my-data"

NOT_INCLUDED = (
    "Records of staff work (proposals entered for others, moderation decisions, drafts, "
    "responses, analysis runs, approvals, site pages, exports) and the audit log are the "
    "city's records and are kept for accountability; they are not part of this file. "
    "One-time links e-mailed to you (to set a new sign-in secret or confirm your address) "
    "are kept only as hashes and are not part of this file. Kyoso stores no sign-in history "
    "beyond open sessions and the time of your last sign-in."
)


class MyNotice(msgspec.Struct):
    kind: str
    title: str
    link: str
    created_at: datetime
    mailed_at: datetime | None


class MyAccount(msgspec.Struct):
    id: int
    email: str
    display_name: str
    role: str
    district_code: str | None
    age_band: str | None
    language: str
    created_at: datetime
    last_sign_in_at: datetime | None = None


class MyVerificationEvent(msgspec.Struct):
    """A change of my verification tier: postcard, counter or revoked, with the staff note."""

    level: str | None
    method: str
    note: str
    batch_id: int | None
    created_at: datetime


class MyVerification(msgspec.Struct):
    level: str  # none, email, postcard, counter
    verified_at: datetime | None
    events: list[MyVerificationEvent]


class MyConsent(msgspec.Struct):
    """The versions of the terms of use and privacy policy accepted (0: none), and when."""

    terms_version: int
    privacy_version: int
    consented_at: datetime | None


class MySession(msgspec.Struct):
    created_at: datetime
    expires_at: datetime
    current: bool  # the session this file was downloaded with


class MyPhoto(msgspec.Struct):
    id: int
    alt: str
    width: int
    height: int
    bytes: int
    url: str
    created_at: datetime


class MyProposal(msgspec.Struct):
    id: int
    process_id: int
    title: str
    body: str
    district_code: str | None  # a proposal may name no district
    tags: list[str]
    language: str
    status: str  # published | hidden | withdrawn
    status_reason: str | None
    agree: int
    disagree: int
    pass_: int = msgspec.field(name="pass")
    comment_count: int
    photos: list[MyPhoto]
    created_at: datetime
    updated_at: datetime


class MyComment(msgspec.Struct):
    id: int
    proposal_id: int
    proposal_title: str
    parent_id: int | None
    body: str
    status: str
    created_at: datetime


class MyVote(msgspec.Struct):
    proposal_id: int
    proposal_title: str
    value: str  # agree | disagree | pass
    created_at: datetime
    updated_at: datetime


class MyDraftComment(msgspec.Struct):
    id: int
    draft_id: int
    version_number: int
    section_key: str
    body: str
    created_at: datetime


class MyReport(msgspec.Struct):
    id: int
    target_type: str
    target_id: int
    reason: str
    note: str
    status: str
    created_at: datetime


class MyLinkedAccount(msgspec.Struct):
    """An external account that signs in this one (backend/oidc/)."""

    provider: str
    subject: str
    linked_at: datetime
    last_sign_in_at: datetime | None


class MyData(msgspec.Struct):
    """The file 「自分のデータをダウンロード」 gives."""

    kind: str
    generated_at: datetime
    account: MyAccount
    consent: MyConsent
    sessions: list[MySession]
    proposals: list[MyProposal]
    comments: list[MyComment]
    votes: list[MyVote]
    draft_comments: list[MyDraftComment]
    reports: list[MyReport]
    notification_settings: NotificationSettings
    notices: list[MyNotice]
    linked_accounts: list[MyLinkedAccount]
    not_included: str
    verification: MyVerification | None = None


def _photos(images: list[ProposalImage]) -> list[MyPhoto]:
    return [
        MyPhoto(
            i.id, i.alt, i.width, i.height, i.bytes, image_url(i.proposal_id, i.id), i.created_at
        )
        for i in sorted(images, key=lambda i: i.position)
    ]


async def _proposals(session: AsyncSession, user_id: int) -> list[MyProposal]:
    proposals = (
        await session.execute(
            select(Proposal).where(Proposal.author_id == user_id).order_by(Proposal.id)
        )
    ).scalars()
    rows = list(proposals)
    images: dict[int, list[ProposalImage]] = {}
    if rows:
        for image in (
            await session.execute(
                select(ProposalImage).where(ProposalImage.proposal_id.in_([p.id for p in rows]))
            )
        ).scalars():
            images.setdefault(image.proposal_id, []).append(image)
    return [
        MyProposal(
            p.id,
            p.process_id,
            p.title,
            p.body,
            p.district_code,
            [t.tag for t in p.tags],
            p.language,
            p.status,
            p.status_reason,
            p.agree_count,
            p.disagree_count,
            p.pass_count,
            p.comment_count,
            _photos(images.get(p.id, [])),
            p.created_at,
            p.updated_at,
        )
        for p in rows
    ]


async def _comments(session: AsyncSession, user_id: int) -> list[MyComment]:
    rows = await session.execute(
        select(Comment, Proposal.title)
        .join(Proposal, Proposal.id == Comment.proposal_id)
        .where(Comment.author_id == user_id)
        .order_by(Comment.id)
    )
    return [
        MyComment(c.id, c.proposal_id, title, c.parent_id, c.body, c.status, c.created_at)
        for c, title in rows
    ]


async def _votes(session: AsyncSession, user_id: int) -> list[MyVote]:
    rows = await session.execute(
        select(Vote, Proposal.title)
        .join(Proposal, Proposal.id == Vote.proposal_id)
        .where(Vote.user_id == user_id)
        .order_by(Vote.proposal_id)
    )
    return [
        MyVote(v.proposal_id, title, VOTE_NAMES[v.value], v.created_at, v.updated_at)
        for v, title in rows
    ]


async def _draft_comments(session: AsyncSession, user_id: int) -> list[MyDraftComment]:
    rows = (
        await session.execute(
            select(DraftComment).where(DraftComment.author_id == user_id).order_by(DraftComment.id)
        )
    ).scalars()
    return [
        MyDraftComment(c.id, c.draft_id, c.version_number, c.section_key, c.body, c.created_at)
        for c in rows
    ]


async def _reports(session: AsyncSession, user_id: int) -> list[MyReport]:
    rows = (
        await session.execute(
            select(Report).where(Report.reporter_id == user_id).order_by(Report.id)
        )
    ).scalars()
    return [
        MyReport(r.id, r.target_type, r.target_id, r.reason, r.note, r.status, r.created_at)
        for r in rows
    ]


async def _sessions(session: AsyncSession, user_id: int, current: str | None) -> list[MySession]:
    rows = (
        await session.execute(
            select(UserSession)
            .where(UserSession.user_id == user_id)
            .order_by(UserSession.created_at)
        )
    ).scalars()
    return [MySession(s.created_at, s.expires_at, s.token_hash == current) for s in rows]


async def _notices(session: AsyncSession, user_id: int) -> list[MyNotice]:
    rows = (
        await session.execute(select(Notice).where(Notice.user_id == user_id).order_by(Notice.id))
    ).scalars()
    return [MyNotice(n.kind, n.title, n.link, n.created_at, n.mailed_at) for n in rows]


async def _verification(session: AsyncSession, user: User) -> MyVerification:
    rows = (
        await session.execute(
            select(VerificationEvent)
            .where(VerificationEvent.user_id == user.id)
            .order_by(VerificationEvent.id)
        )
    ).scalars()
    return MyVerification(
        user_level(user.verification_level, user.email_confirmed_at is not None),
        user.verified_at,
        [MyVerificationEvent(e.level, e.method, e.note, e.batch_id, e.created_at) for e in rows],
    )


async def collect_my_data(session: AsyncSession, user: User, current_session: str | None) -> MyData:
    """Everything held about ``user``; ``current_session`` is the digest of the session asking."""
    return MyData(
        kind=FILE_KIND,
        generated_at=utcnow(),
        account=MyAccount(
            user.id,
            user.email,
            user.display_name,
            user.role,
            user.district_code,
            user.age_band,
            user.language,
            user.created_at,
            user.last_sign_in_at,
        ),
        consent=MyConsent(user.terms_version, user.privacy_version, user.consented_at),
        sessions=await _sessions(session, user.id, current_session),
        proposals=await _proposals(session, user.id),
        comments=await _comments(session, user.id),
        votes=await _votes(session, user.id),
        draft_comments=await _draft_comments(session, user.id),
        reports=await _reports(session, user.id),
        notification_settings=await preferences(session, user.id),
        notices=await _notices(session, user.id),
        linked_accounts=[
            MyLinkedAccount(i.provider, i.subject, i.created_at, i.last_sign_in_at)
            for i in await linked_identities(session, user.id)
        ],
        not_included=NOT_INCLUDED,
        verification=await _verification(session, user),
    )
