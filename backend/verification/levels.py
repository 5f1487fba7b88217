"""Verification tiers (本人確認の段階) and the one rule that checks them.

Ordered: ``none`` < ``email`` (メールアドレス確認済み) < ``postcard`` (郵送の確認コードで
住所確認済み) < ``counter`` (窓口で確認済み). ``email`` follows from
``users.email_confirmed_at``; the two higher tiers are granted (``users.verification_level``)
by a postcard code or by staff at the counter. A process sets the least tier to propose and
to vote (``Process.min_level_to_*``).
"""

from __future__ import annotations

from typing import Literal, TypeGuard

from sqlalchemy import ColumnElement, case

from backend.core.errors import DomainError, EmailNotConfirmed
from backend.core.messages import N_
from backend.users.models import User

Level = Literal["none", "email", "postcard", "counter"]
LEVELS: tuple[str, ...] = ("none", "email", "postcard", "counter")
RANK = {level: rank for rank, level in enumerate(LEVELS)}
GRANTED_LEVELS = ("postcard", "counter")  # the tiers users.verification_level stores
LEVEL_LABELS: dict[str, tuple[str, str]] = {
    "none": ("確認なし", "not verified"),
    "email": ("メールアドレス確認済み", "e-mail confirmed"),
    "postcard": ("郵送の確認コードで住所確認済み", "address verified by postcard code"),
    "counter": ("窓口で確認済み", "verified in person at the counter"),
}
Action = Literal["propose", "vote"]


class VerificationRequired(DomainError):
    """The process needs a higher verification tier than the account has (403)."""

    status_code, title, type_slug = 403, "Verification required", "verification-required"


def is_level(value: str | None) -> TypeGuard[Level]:
    """Whether ``value`` names a tier (for mypy: then it is a ``Level``)."""
    return value in RANK


def user_level(granted: str | None, email_confirmed: bool) -> Level:
    """The account's tier: a granted one (postcard, counter), else ``email`` or ``none``."""
    if is_level(granted):
        return granted
    return "email" if email_confirmed else "none"


def level_column() -> ColumnElement[str]:
    """``user_level`` in SQL, for breakdowns by tier."""
    return case(
        (User.verification_level.in_(GRANTED_LEVELS), User.verification_level),
        (User.email_confirmed_at.is_not(None), "email"),
        else_="none",
    )


def meets(level: str, minimum: str) -> bool:
    return RANK.get(level, 0) >= RANK.get(minimum, 0)


def ensure_level(level: str, minimum: str, action: Action) -> None:
    """Refuse (403, problem+json with ``required_level``) when ``level`` is below ``minimum``."""
    if meets(level, minimum):
        return
    verb = N_("post a proposal") if action == "propose" else N_("vote")
    extra = {"required_level": minimum, "current_level": level, "action": action}
    if minimum == "email":  # the slug clients of the e-mail-only rule already know
        raise EmailNotConfirmed(
            f"To {verb} in this process, confirm your e-mail address first: open the link in "
            "the confirmation e-mail, or ask for a new one on your account page.",
            **extra,
        )
    if minimum == "postcard":
        raise VerificationRequired(
            f"To {verb} in this process, verify your address with the code on the postcard "
            "the city mailed you: enter it on your account page (Enter a verification code). "
            "If you have no postcard, ask the city office.",
            **extra,
        )
    raise VerificationRequired(
        f"To {verb} in this process, have your residency verified in person at a city office "
        "counter (bring an identity document).",
        **extra,
    )
