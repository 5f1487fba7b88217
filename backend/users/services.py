"""Registration, sign-in sessions, profiles and roles."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit.service import AuditScalar, record_audit
from backend.core.database import utcnow
from backend.core.errors import Conflict, InvalidInput, NotFound, Unauthenticated
from backend.core.features import HookPoint
from backend.core.security import (
    hash_password_off_loop,
    new_session_token,
    token_digest,
    verify_password_off_loop,
)
from backend.users.auth import CurrentUser
from backend.users.models import UNUSABLE_PASSWORD, User, UserSession
from backend.users.schemas import ProfileUpdate, RegisterRequest, RoleUpdate, UserCreate, UserOut
from backend.verification.levels import user_level

# A profile's district must be one of the city's districts, which the processes feature owns
# (it sits above users: its district merge moves accounts), so it implements this check.
CHECK_DISTRICT: HookPoint[Callable[[AsyncSession, str | None], Awaitable[None]]] = HookPoint(
    "check_district"
)
# The site feature publishes the terms and the privacy policy (it sits above users), so it
# implements this: their current (terms, privacy) versions, 0 where none is published.
CONSENT_VERSIONS: HookPoint[Callable[[AsyncSession], Awaitable[tuple[int, int]]]] = HookPoint(
    "consent_versions"
)


def user_out(user: User) -> UserOut:
    return UserOut(
        user.id,
        user.email,
        user.display_name,
        user.role,
        user.district_code,
        user.age_band,
        user.language,
        user.is_active,
        user.created_at,
        user.terms_version,
        user.privacy_version,
        user.consented_at,
        user.deleted_at,
        user.last_sign_in_at,
        user.password_hash != UNUSABLE_PASSWORD,
        user.email_confirmed_at,
        user_level(user.verification_level, user.email_confirmed_at is not None),
        user.verified_at,
    )


def normalise_email(email: str) -> str:
    return email.strip().lower()


async def create_user(
    session: AsyncSession,
    data: UserCreate | RegisterRequest,
    *,
    role: str = "resident",
    language: str = "ja",
    consent: tuple[int, int] | None = None,
) -> User:
    await CHECK_DISTRICT.implementation(session, data.district_code)
    email = normalise_email(data.email)
    # hashed first, so that an address with an account answers no faster than a new one
    password_hash = await hash_password_off_loop(data.password)
    if (await session.execute(select(User.id).where(User.email == email))).first():
        raise Conflict("An account with this e-mail address already exists. Sign in instead.")
    user = User(
        email=email,
        display_name=data.display_name.strip(),
        password_hash=password_hash,
        role=role,
        district_code=data.district_code,
        age_band=data.age_band,
        language=language,
    )
    give_consent(user, consent)
    session.add(user)
    try:
        await session.flush()
    except IntegrityError as exc:  # a concurrent registration with the same address
        raise Conflict("An account with this e-mail address already exists.") from exc
    return user


async def required_consent(session: AsyncSession, accept_terms: bool) -> tuple[int, int] | None:
    """The (terms, privacy) versions a new password holder agrees to, None when the site has
    published neither; refused unless ``accept_terms`` once it has."""
    consent = await CONSENT_VERSIONS.implementation(session)
    if any(consent) and not accept_terms:
        raise InvalidInput(
            "Please read the terms of use and the privacy policy and tick the box to agree "
            "to them; an account cannot be created without it.",
            errors=[{"field": "accept_terms", "message": "must be agreed to"}],
        )
    return consent if any(consent) else None


def give_consent(user: User, consent: tuple[int, int] | None) -> None:
    if consent is not None:
        user.terms_version, user.privacy_version = consent
        user.consented_at = utcnow()


async def register(session: AsyncSession, data: RegisterRequest) -> User | None:
    """Create a resident account unless the address already has one. The caller answers both
    cases alike and starts no session: sign-up must not tell anyone which addresses have an
    account (the SPA then signs in with the password just typed). Once the site has published
    terms of use or a privacy policy, sign-up needs ``accept_terms`` and records the versions.
    Returns the new account (``None`` when the address had one)."""
    consent = await required_consent(session, data.accept_terms)
    try:
        async with session.begin_nested():  # a lost race leaves the transaction usable
            return await create_user(
                session, data, role="resident", language=data.language, consent=consent
            )
    except Conflict:
        return None


async def authenticate(session: AsyncSession, email: str, password: str) -> User:
    user = (
        await session.execute(select(User).where(User.email == normalise_email(email)))
    ).scalar_one_or_none()
    if (
        not await verify_password_off_loop(user.password_hash if user else None, password)
        or user is None
    ):
        raise Unauthenticated("The e-mail address or password is wrong.")
    if not user.is_active:
        raise Unauthenticated("This account has been disabled. Contact the city office.")
    return user


async def start_session(
    session: AsyncSession, user: User, days: int, previous_digest: str | None = None
) -> str:
    """A fresh token on every sign-in (prevents session fixation); the old one is dropped.
    The sign-in time goes into the same transaction: one UPDATE of the user's row."""
    user.last_sign_in_at = utcnow()
    if previous_digest:
        await session.execute(delete(UserSession).where(UserSession.token_hash == previous_digest))
    token = new_session_token()
    session.add(
        UserSession(
            token_hash=token_digest(token),
            user_id=user.id,
            expires_at=utcnow() + timedelta(days=days),
        )
    )
    return token


async def end_session(session: AsyncSession, digest: str) -> None:
    await session.execute(delete(UserSession).where(UserSession.token_hash == digest))


async def get_user(session: AsyncSession, user_id: int) -> User:
    user = await session.get(User, user_id)
    if user is None:
        raise NotFound(f"There is no user {user_id}.")
    return user


async def update_profile(session: AsyncSession, current: CurrentUser, data: ProfileUpdate) -> User:
    user = await get_user(session, current.id)
    if data.district_code is not None:
        await CHECK_DISTRICT.implementation(session, data.district_code)
    for field in ("display_name", "district_code", "age_band", "language"):
        value = getattr(data, field)
        if value is not None:
            setattr(user, field, value.strip() if field == "display_name" else value)
    return user


async def change_role(
    session: AsyncSession, actor: CurrentUser, user_id: int, data: RoleUpdate
) -> User:
    user = await get_user(session, user_id)
    if user.deleted_at is not None:
        raise Conflict("This account was deleted by its owner; it cannot be given a role again.")
    if user.id == actor.id and (data.role != "admin" or not data.is_active):
        raise Conflict("You cannot remove your own admin role or disable yourself.")
    before: dict[str, AuditScalar] = {"role": user.role, "is_active": user.is_active}
    user.role, user.is_active = data.role, data.is_active
    if not data.is_active:
        await session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    record_audit(
        session,
        actor.id,
        "user.role_changed",
        "user",
        user.id,
        before=before,
        after={"role": data.role, "is_active": data.is_active},
    )
    return user


async def count_users(session: AsyncSession) -> int:
    return int((await session.execute(select(func.count()).select_from(User))).scalar_one())
