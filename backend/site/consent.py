"""Consent to the terms of use and privacy policy, enforced on every resident write.

The check must cost next to nothing (it runs on each vote of a surge): the versions a person
accepted come with the session lookup (two integer columns of ``users``), and the current
versions are read at most every ``TTL_SECONDS`` per API process. An admin's new version takes
effect at once in the process that saved it and within that time in the others."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from litestar import Request

from backend.core.app_state import StateKey
from backend.core.database import Database
from backend.core.errors import Forbidden
from backend.site.services import consent_versions
from backend.users.auth import CurrentUser

TTL_SECONDS = 5.0


class CurrentConsent:
    def __init__(self, database: Database) -> None:
        self._database = database
        self._versions = (0, 0)
        self._expires = 0.0
        self._lock = asyncio.Lock()

    async def versions(self) -> tuple[int, int]:
        """(terms, privacy) versions a resident must have accepted; 0: none published."""
        if time.monotonic() < self._expires:
            return self._versions
        async with self._lock:
            if time.monotonic() >= self._expires:
                async with self._database.autocommit.connect() as connection:
                    self._versions = await consent_versions(connection)
                self._expires = time.monotonic() + TTL_SECONDS
        return self._versions

    def forget(self) -> None:
        """A new version was saved in this process: read it on the next check."""
        self._expires = 0.0

    async def require(self, user: CurrentUser) -> None:
        terms, privacy = await self.versions()
        if user.terms_version < terms or user.privacy_version < privacy:
            raise Forbidden(
                "Please accept the updated terms of use and privacy policy before you post, "
                "vote or comment: open the site and read them on the page it shows you.",
                consent_required=True,
                terms_version=terms,
                privacy_version=privacy,
            )


CONSENT: StateKey[CurrentConsent] = StateKey("consent")


async def require_consent(request: Request[Any, Any, Any], user: CurrentUser) -> None:
    """Refuse ``user``'s write unless they accepted the current terms and privacy policy."""
    await CONSENT.of(request).require(user)
