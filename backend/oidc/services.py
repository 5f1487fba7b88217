"""Which Kyoso account a provider account signs in, and linking (docs/oidc.md says the rule):

1. A provider account already linked (``user_identities``) signs in its Kyoso account.
2. Otherwise, when the provider is trusted with addresses (``trust_email_verified``), asserts
   ``email_verified`` and the address is an active account's **confirmed** address, that account
   is linked and signed in: both the provider and Kyoso have proven the person holds the address.
3. A verified address that belongs to an account but fails rule 2 is refused
   (``email_in_use``): the person signs in with their password and links the provider from
   their account page. Nobody takes over an account by asserting its address.
4. Otherwise a new resident account is created. An address the provider did not verify is not
   used (it would block its real owner from signing up); the account then has no e-mail address.
   Consent to the terms is asked on the first page the person opens, as after a new version of
   the terms (the API refuses their writes until they accept).
"""

from __future__ import annotations

import hashlib
from typing import TypeGuard

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit.service import record_audit
from backend.core.database import utcnow
from backend.core.errors import Conflict, NotFound
from backend.oidc.client import Identity
from backend.oidc.models import UserIdentity
from backend.oidc.providers import Provider
from backend.users.models import EXTERNAL_SIGN_IN_ONLY, User, has_password

DEFAULT_NAME = "利用者"


class SignInError(Exception):
    """A sign-in or link that must not happen; ``code`` is what the SPA shows a message for."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def placeholder_email(provider: str, subject: str) -> str:
    """The e-mail column of an account with no verified address: unique, and without an @
    sign, so that no mail is sent to it and nobody can sign up with it."""
    return f"oidc-{provider}-{hashlib.sha256(subject.encode()).hexdigest()[:24]}"


async def _identity(session: AsyncSession, provider: str, subject: str) -> UserIdentity | None:
    return (
        await session.execute(
            select(UserIdentity).where(
                UserIdentity.provider == provider, UserIdentity.subject == subject
            )
        )
    ).scalar_one_or_none()


def _usable(user: User | None) -> TypeGuard[User]:
    return user is not None and user.is_active and user.deleted_at is None


async def sign_in(session: AsyncSession, provider: Provider, identity: Identity) -> User:
    """The account ``identity`` signs in, by the rule above (created when it has none)."""
    linked = await _identity(session, provider.id, identity.subject)
    if linked is not None:
        user = await session.get(User, linked.user_id)
        if not _usable(user):
            raise SignInError("disabled")
        linked.last_sign_in_at = utcnow()
        return user
    trusted_address = (
        identity.email if provider.trust_email_verified and identity.email_verified else None
    )
    if identity.email_verified and identity.email:
        owner = (
            await session.execute(select(User).where(User.email == identity.email))
        ).scalar_one_or_none()
        if owner is not None:
            if trusted_address and _usable(owner) and owner.email_confirmed_at is not None:
                _link(session, provider, identity, owner, "verified_email")
                return owner
            raise SignInError("email_in_use")
    return await _create_account(session, provider, identity, trusted_address)


async def _create_account(
    session: AsyncSession, provider: Provider, identity: Identity, trusted_address: str | None
) -> User:
    user = User(
        email=trusted_address or placeholder_email(provider.id, identity.subject),
        display_name=identity.name or DEFAULT_NAME,
        password_hash=EXTERNAL_SIGN_IN_ONLY,
        role="resident",
        email_confirmed_at=utcnow() if trusted_address else None,
    )
    session.add(user)
    try:
        async with session.begin_nested():  # a concurrent sign-up with the same address
            await session.flush()
    except IntegrityError:
        raise SignInError("email_in_use") from None
    session.add(
        UserIdentity(
            provider=provider.id,
            subject=identity.subject,
            user_id=user.id,
            last_sign_in_at=utcnow(),
        )
    )
    record_audit(
        session, user.id, "user.signed_up_with_provider", "user", user.id, provider=provider.id
    )
    return user


def _link(
    session: AsyncSession, provider: Provider, identity: Identity, user: User, how: str
) -> None:
    session.add(
        UserIdentity(
            provider=provider.id,
            subject=identity.subject,
            user_id=user.id,
            last_sign_in_at=utcnow(),
        )
    )
    record_audit(
        session, user.id, "user.provider_linked", "user", user.id, provider=provider.id, via=how
    )


async def link(session: AsyncSession, provider: Provider, identity: Identity, user_id: int) -> None:
    """Link ``identity`` to the signed-in account ``user_id`` (from its account page)."""
    user = await session.get(User, user_id)
    if not _usable(user):
        raise SignInError("disabled")
    linked = await _identity(session, provider.id, identity.subject)
    if linked is not None:
        if linked.user_id != user_id:
            raise SignInError("linked_elsewhere")
        return  # linked already: nothing to do
    _link(session, provider, identity, user, "account_page")


async def linked_identities(session: AsyncSession, user_id: int) -> list[UserIdentity]:
    return list(
        (
            await session.execute(
                select(UserIdentity)
                .where(UserIdentity.user_id == user_id)
                .order_by(UserIdentity.created_at, UserIdentity.id)
            )
        ).scalars()
    )


async def unlink(session: AsyncSession, user_id: int, identity_id: int) -> None:
    """Remove a linked provider account; not the last way to sign in of an account that has
    no password (409)."""
    identity = await session.get(UserIdentity, identity_id)
    if identity is None or identity.user_id != user_id:
        raise NotFound("You have no linked sign-in with this id.")
    user = await session.get(User, user_id)
    count = (
        await session.execute(
            select(func.count()).select_from(UserIdentity).where(UserIdentity.user_id == user_id)
        )
    ).scalar_one()
    if user is not None and not has_password(user) and count <= 1:
        raise Conflict(
            "This is the only way you sign in: your account has no password. Link "
            "another provider first, or ask the city office to send you a link to "
            "choose a password."
        )
    await session.delete(identity)
    record_audit(
        session, user_id, "user.provider_unlinked", "user", user_id, provider=identity.provider
    )


async def forget_identities(session: AsyncSession, user_id: int) -> None:
    """退会: the provider accounts no longer sign in the emptied account."""
    await session.execute(delete(UserIdentity).where(UserIdentity.user_id == user_id))
