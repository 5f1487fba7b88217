"""What the OIDC routes answer."""

from __future__ import annotations

from datetime import datetime

import msgspec


class ProviderOut(msgspec.Struct, frozen=True):
    """A provider for the sign-in page: its button text and where the button goes."""

    id: str
    name_ja: str
    name_en: str
    button_ja: str  # 「LINEでログイン」
    button_en: str  # "Sign in with LINE"
    start_url: str


class LinkedIdentity(msgspec.Struct, frozen=True):
    id: int
    provider: str
    name_ja: str  # the provider's name (the id when it is no longer configured)
    name_en: str
    created_at: datetime
    last_sign_in_at: datetime | None


class LinkStarted(msgspec.Struct, frozen=True):
    """Open ``authorization_url`` in the same browser window to link the provider."""

    authorization_url: str
