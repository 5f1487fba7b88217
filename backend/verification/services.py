"""Granting verification tiers (本人確認): a postcard code the resident enters, or staff at the
counter (窓口). Each change is recorded in ``verification_events`` and the audit log."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit.service import record_audit
from backend.core.database import changed_rows, utcnow
from backend.core.errors import Conflict, InvalidInput
from backend.users.models import User
from backend.users.services import get_user
from backend.verification.codes import LENGTH as CODE_LENGTH
from backend.verification.codes import code_hash, new_code, normalise_code
from backend.verification.levels import RANK, user_level
from backend.verification.models import PostcardBatch, PostcardCode, VerificationEvent
from backend.verification.schemas import BatchOut, VerificationStatus


async def create_batch(
    session: AsyncSession, actor_id: int, label: str, count: int, valid_days: int
) -> tuple[PostcardBatch, list[str]]:
    """A batch of ``count`` fresh codes; the codes themselves are returned once, to print."""
    expires_at = utcnow() + timedelta(days=valid_days)
    batch = PostcardBatch(
        label=label.strip(), created_by_id=actor_id, expires_at=expires_at, code_count=count
    )
    session.add(batch)
    await session.flush()
    codes: set[str] = set()
    while len(codes) < count:  # a collision in 2^59 is all but impossible; never print twice
        codes.add(new_code())
    session.add_all(
        PostcardCode(code_hash=code_hash(c), batch_id=batch.id, expires_at=expires_at)
        for c in codes
    )
    record_audit(
        session,
        actor_id,
        "verification.postcard_batch_created",
        "postcard_batch",
        batch.id,
        count=count,
        valid_days=valid_days,
    )
    return batch, sorted(codes)


async def list_batches(session: AsyncSession) -> list[BatchOut]:
    used = (
        select(PostcardCode.batch_id, func.count().label("n"))
        .where(PostcardCode.used_at.is_not(None))
        .group_by(PostcardCode.batch_id)
        .subquery()
    )
    rows = (
        await session.execute(
            select(PostcardBatch, User.display_name, func.coalesce(used.c.n, 0))
            .outerjoin(User, User.id == PostcardBatch.created_by_id)
            .outerjoin(used, used.c.batch_id == PostcardBatch.id)
            .order_by(PostcardBatch.id.desc())
        )
    ).all()
    return [
        BatchOut(b.id, b.label, b.created_at, b.expires_at, b.code_count, int(n), name)
        for b, name, n in rows
    ]


def _grant(
    session: AsyncSession,
    user: User,
    level: str,
    *,
    actor_id: int | None,
    method: str,
    note: str = "",
    batch_id: int | None = None,
) -> None:
    """Raise ``user`` to ``level`` (never lower it) and record the change."""
    if RANK.get(user.verification_level or "none", 0) < RANK[level]:
        user.verification_level = level
        user.verified_at = utcnow()
        user.verified_by_id = actor_id
    session.add(
        VerificationEvent(
            user_id=user.id,
            level=level,
            method=method,
            note=note,
            actor_id=actor_id,
            batch_id=batch_id,
        )
    )


async def redeem_code(session: AsyncSession, user_id: int, typed: str) -> User:
    """Spend a postcard code (atomically: of two simultaneous uses one fails) and raise the
    account to ``postcard``. Unknown, used or expired codes → 422 saying which."""
    user = await get_user(session, user_id)
    if user.role != "resident":
        raise Conflict("Only resident accounts verify their address with a postcard code.")
    if len(normalise_code(typed)) != CODE_LENGTH:
        raise InvalidInput(
            f"A verification code has {CODE_LENGTH} letters and digits (e.g. ABCD-EFGH-JKMN). "
            "Check the code on the postcard and enter it again.",
            errors=[{"field": "code", "message": "wrong length"}],
            reason="length",
        )
    digest, now = code_hash(typed), utcnow()
    spent = await session.execute(
        update(PostcardCode)
        .where(
            PostcardCode.code_hash == digest,
            PostcardCode.used_at.is_(None),
            PostcardCode.expires_at > now,
        )
        .values(used_at=now, used_by_id=user.id)
        .execution_options(synchronize_session=False)
    )
    row = (
        await session.execute(select(PostcardCode).where(PostcardCode.code_hash == digest))
    ).scalar_one_or_none()
    if changed_rows(spent) != 1:
        _refuse(row, now)
    assert row is not None
    _grant(session, user, "postcard", actor_id=None, method="postcard", batch_id=row.batch_id)
    record_audit(
        session, user.id, "verification.postcard_code_used", "user", user.id, batch_id=row.batch_id
    )
    return user


def _refuse(row: PostcardCode | None, now: object) -> None:
    errors = [{"field": "code", "message": "invalid"}]
    if row is None:
        raise InvalidInput(
            "This verification code is not valid. Check the letters on the "
            "postcard (the code has no 0, O, 1, I or L) and enter it again.",
            errors=errors,
            reason="unknown",
        )
    if row.used_at is not None:
        raise InvalidInput(
            "This verification code has already been used. Each code works "
            "once; if you did not use it, ask the city office for a new "
            "postcard.",
            errors=errors,
            reason="used",
        )
    raise InvalidInput(
        f"This verification code expired on {row.expires_at:%Y-%m-%d}. Ask the "
        "city office for a new postcard.",
        errors=errors,
        reason="expired",
        expired_at=row.expires_at.isoformat(),
    )


async def verify_at_counter(session: AsyncSession, actor_id: int, user_id: int, note: str) -> User:
    """Staff saw the person (and a document) at the counter: the account becomes ``counter``."""
    user = await _resident(session, user_id)
    _grant(session, user, "counter", actor_id=actor_id, method="counter", note=note.strip())
    record_audit(
        session, actor_id, "verification.counter_verified", "user", user.id, note=note.strip()
    )
    return user


async def revoke(session: AsyncSession, actor_id: int, user_id: int, note: str) -> User:
    """Take a granted tier back (a mistake at the counter, a code that reached the wrong
    person); the account keeps its e-mail tier."""
    user = await _resident(session, user_id)
    if user.verification_level is None:
        raise Conflict("This account has no postcard or counter verification to revoke.")
    user.verification_level, user.verified_at, user.verified_by_id = None, None, None
    session.add(
        VerificationEvent(
            user_id=user.id, level=None, method="revoked", note=note.strip(), actor_id=actor_id
        )
    )
    record_audit(session, actor_id, "verification.revoked", "user", user.id, note=note.strip())
    return user


async def _resident(session: AsyncSession, user_id: int) -> User:
    user = await get_user(session, user_id)
    if user.role != "resident" or user.deleted_at is not None:
        raise Conflict(
            "Only existing resident accounts are verified; staff and council "
            "accounts need no verification tier."
        )
    return user


def my_verification(user: User) -> VerificationStatus:
    return VerificationStatus(
        user_level(user.verification_level, user.email_confirmed_at is not None),
        user.verification_level,
        user.verified_at,
    )
