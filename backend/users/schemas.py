"""Request and response shapes of users and sign-in."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

from backend.users.roles import AgeBand, Language, Role
from backend.verification.levels import Level

Email = Annotated[
    str,
    msgspec.Meta(
        min_length=3,
        max_length=254,
        pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
        description="e-mail address",
        examples=["hanako@example.jp"],
    ),
]
Password = Annotated[
    str, msgspec.Meta(min_length=10, max_length=200, description="at least 10 characters")
]
DisplayName = Annotated[str, msgspec.Meta(min_length=1, max_length=80)]
DistrictCode = Annotated[str, msgspec.Meta(min_length=1, max_length=40)]


class RegisterRequest(msgspec.Struct, forbid_unknown_fields=True):
    email: Email
    password: Password
    display_name: DisplayName
    district_code: DistrictCode | None = None
    age_band: AgeBand | None = None
    language: Language = "ja"
    # 「利用規約とプライバシーポリシーに同意します」: required once the site has published them
    accept_terms: bool = False


class LoginRequest(msgspec.Struct, forbid_unknown_fields=True):
    email: Annotated[str, msgspec.Meta(min_length=1, max_length=254)]
    password: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]


class ProfileUpdate(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    display_name: DisplayName | None = None
    district_code: DistrictCode | None = None
    age_band: AgeBand | None = None
    language: Language | None = None


class AccountDeletion(msgspec.Struct, forbid_unknown_fields=True):
    """退会: the password the person signs in with, typed again."""

    password: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]


class UserCreate(msgspec.Struct, forbid_unknown_fields=True):
    """Staff account creation by an admin (or the ``kyoso create-user`` command)."""

    email: Email
    password: Password
    display_name: DisplayName
    role: Role = "resident"
    district_code: DistrictCode | None = None
    age_band: AgeBand | None = None


class UserInvite(msgspec.Struct, forbid_unknown_fields=True):
    """An administrator's invitation (利用者を招待): the account starts without a password."""

    email: Email
    display_name: DisplayName
    role: Role = "resident"


class PasswordLink(msgspec.Struct):
    """A set-password link, shown once to the administrator to pass on."""

    url: str
    expires_at: datetime


class UserInvited(msgspec.Struct):
    user: UserOut
    invitation_url: str  # shown once: only its hash is stored
    expires_at: datetime


class InvitationAccept(msgspec.Struct, forbid_unknown_fields=True):
    """The invited (or reset) person chooses a password with the link's token."""

    token: Annotated[str, msgspec.Meta(min_length=16, max_length=200)]
    password: Password
    # 「利用規約とプライバシーポリシーに同意します」: required once the site has published them
    accept_terms: bool = False


UserState = Literal["active", "invited", "disabled", "deleted"]
UserSort = Literal["newest", "last_sign_in", "name"]


class UserPage(msgspec.Struct):
    """One page of the users list, with how many match the filters in all."""

    items: list[UserOut]
    total: int
    offset: int
    limit: int


class RoleUpdate(msgspec.Struct, forbid_unknown_fields=True):
    role: Role
    is_active: bool = True


class UserOut(msgspec.Struct):
    id: int
    email: str
    display_name: str
    role: Role
    district_code: str | None
    age_band: AgeBand | None
    language: Language
    is_active: bool
    created_at: datetime
    terms_version: int = 0  # the versions this person accepted (0: none)
    privacy_version: int = 0
    consented_at: datetime | None = None
    deleted_at: datetime | None = None  # the owner deleted the account (退会): an emptied row
    last_sign_in_at: datetime | None = None
    password_set: bool = True  # False: invited, the link not used yet
    email_confirmed_at: datetime | None = None  # the owner opened the confirmation link
    verification_level: Level = "none"
    verified_at: datetime | None = None


class SignUpReceived(msgspec.Struct):
    """The answer to a sign-up, the same whether the address was new or not."""

    detail: str


class PublicUser(msgspec.Struct):
    """What other people may see of a user."""

    id: int
    display_name: str
