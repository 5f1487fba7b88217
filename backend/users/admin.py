"""User administration (利用者管理): the searchable list, invitations and reset links.

Invitations and resets create no password: the administrator passes a single-use link on
(``password_links.py``) and the person chooses their own password with it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, delete, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit.service import record_audit
from backend.core.errors import Conflict
from backend.core.security import hash_password_off_loop
from backend.proposals.search import escape_like
from backend.users.models import UNUSABLE_PASSWORD, User, UserSession
from backend.users.password_links import LinkPurpose, issue_link, redeem_link
from backend.users.schemas import InvitationAccept, UserInvite, UserPage, UserSort, UserState
from backend.users.services import (
    get_user,
    give_consent,
    normalise_email,
    required_consent,
    user_out,
)


def _state_filter(state: UserState) -> ColumnElement[bool]:
    live = User.deleted_at.is_(None)
    if state == "deleted":
        return User.deleted_at.is_not(None)
    if state == "disabled":
        return live & User.is_active.is_(False)
    invited = User.password_hash == UNUSABLE_PASSWORD
    return live & User.is_active.is_(True) & (invited if state == "invited" else ~invited)


SORTS = {
    "newest": (User.id.desc(),),
    "last_sign_in": (User.last_sign_in_at.desc().nulls_last(), User.id.desc()),
    "name": (User.display_name, User.id),
}


async def search_users(
    session: AsyncSession,
    *,
    q: str | None,
    role: str | None,
    state: UserState | None,
    sort: UserSort,
    offset: int,
    limit: int,
) -> UserPage:
    """Users matching every filter; ``q`` is a part of the name or e-mail address (LIKE
    wildcards in it are taken literally)."""
    conditions: list[ColumnElement[bool]] = []
    if q and q.strip():
        pattern = f"%{escape_like(q.strip().lower())}%"
        conditions.append(
            or_(
                func.lower(User.display_name).like(pattern, escape="\\"),
                User.email.like(pattern, escape="\\"),
            )
        )
    if role:
        conditions.append(User.role == role)
    if state:
        conditions.append(_state_filter(state))
    total = (
        await session.execute(select(func.count()).select_from(User).where(*conditions))
    ).scalar_one()
    rows = (
        await session.execute(
            select(User).where(*conditions).order_by(*SORTS[sort]).offset(offset).limit(limit)
        )
    ).scalars()
    return UserPage([user_out(u) for u in rows], int(total), offset, limit)


async def invite_user(
    session: AsyncSession, actor_id: int, data: UserInvite
) -> tuple[User, str, datetime]:
    """A new account without a password, and its invitation token (72 hours, single use)."""
    email = normalise_email(data.email)
    if (await session.execute(select(User.id).where(User.email == email))).first():
        raise Conflict(
            "An account with this e-mail address already exists: find it in the "
            "list and issue it a password reset link instead."
        )
    user = User(
        email=email,
        display_name=data.display_name.strip(),
        password_hash=UNUSABLE_PASSWORD,
        role=data.role,
    )
    session.add(user)
    try:
        await session.flush()
    except IntegrityError as exc:  # the same address invited twice at once
        raise Conflict("An account with this e-mail address already exists.") from exc
    token, expires_at = await issue_link(session, user.id, "invitation", actor_id)
    record_audit(session, actor_id, "user.invited", "user", user.id, role=data.role)
    return user, token, expires_at


async def reset_link(session: AsyncSession, actor_id: int, user_id: int) -> tuple[str, datetime]:
    """A fresh set-password link for ``user_id``; the links issued before stop working. The
    current password keeps working until the link is used."""
    user = await get_user(session, user_id)
    if user.deleted_at is not None:
        raise Conflict("This account was deleted by its owner; it cannot get a new password.")
    if not user.is_active:
        raise Conflict("This account is disabled. Enable it first, then issue the link.")
    purpose: LinkPurpose = "invitation" if user.password_hash == UNUSABLE_PASSWORD else "reset"
    link = await issue_link(session, user.id, purpose, actor_id)
    record_audit(session, actor_id, "user.reset_link_issued", "user", user.id, purpose=purpose)
    return link


async def accept_link(session: AsyncSession, data: InvitationAccept) -> User:
    """The link's owner chooses a password (and agrees to the terms as at sign-up); every
    session of the account ends, since whoever knew the old password may be signed in."""
    consent = await required_consent(session, data.accept_terms)
    password_hash = await hash_password_off_loop(data.password)
    user, purpose = await redeem_link(session, data.token)
    user.password_hash = password_hash
    give_consent(user, consent)
    await session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    record_audit(session, user.id, "user.password_set", "user", user.id, purpose=purpose)
    return user
