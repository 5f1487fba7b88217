"""Users (利用者) and their sign-in sessions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ColumnElement, ForeignKey, Integer, String, or_
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.database import Base, BigId, UTCDateTime, utcnow
from backend.users.roles import AgeBand, Language, Role

# not an argon2 hash: no password verifies against it (deleted accounts, invitations not
# accepted yet)
UNUSABLE_PASSWORD = "!"
# not an argon2 hash either: an account created by signing in with an external account
# (backend/oidc/), which has no password and is not an invitation waiting to be accepted
EXTERNAL_SIGN_IN_ONLY = "!external"


def has_password(user: User) -> bool:
    """Whether a password can sign ``user`` in (an argon2 hash, not one of the markers)."""
    return not user.password_hash.startswith("!")


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(String(16), default="resident")
    district_code: Mapped[str | None] = mapped_column(
        String(40), ForeignKey("districts.code"), nullable=True
    )
    age_band: Mapped[AgeBand | None] = mapped_column(String(16), nullable=True)
    language: Mapped[Language] = mapped_column(String(8), default="ja")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # the versions of the terms of use and privacy policy this person accepted (0: none), and
    # when; compared on every resident write with the current ones (backend/site/consent.py)
    terms_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    privacy_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    consented_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # set when the owner deleted the account (退会): the row stays, emptied, so that what they
    # wrote and voted keeps counting (backend/users/deletion.py)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # set by the sign-in's own transaction (one UPDATE); never per request
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # when the owner opened the link of the confirmation e-mail (backend/mail/account.py)
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # a verification tier granted above e-mail (本人確認): "postcard" or "counter", when and by
    # whom (the staff member; none for a postcard code); history in verification_events
    # (backend/verification/)
    verification_level: Mapped[str | None] = mapped_column(String(16), nullable=True)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)


class UserSession(Base):
    """A cookie session; only the SHA-256 of the token is stored."""

    __tablename__ = "user_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SetPasswordToken(Base):
    """A single-use link to choose a password (an invitation or a reset); only the SHA-256 of
    the token is stored. A user has at most one: a new link voids the one before."""

    __tablename__ = "set_password_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(16))  # "invitation" or "reset"
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


def author_shown_publicly() -> ColumnElement[bool]:
    """Whose comments the public reads: active accounts, and deleted ones (their comments stay
    under 「退会した利用者」, docs/privacy.md); not those of an account staff deactivated."""
    return or_(User.is_active.is_(True), User.deleted_at.is_not(None))
