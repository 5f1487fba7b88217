"""The sign-in in progress, kept in a signed, short-lived, HttpOnly cookie of the browser that
began it (no table, so any API process can finish what another began).

The cookie holds the ``state`` echoed by the provider (a callback whose ``state`` differs, or
that arrives in a browser without the cookie, is refused: login CSRF), the ``nonce`` the ID
token must carry (a token minted for another request is refused: replay), the PKCE verifier
(only this browser can exchange the code) and, when a signed-in person links a provider, their
account id. It is signed with an HMAC of ``KYOSO_SECRET_KEY``, so it cannot be altered, and
expires after ``FLOW_SECONDS``; SameSite=Lax, because the provider's redirect back is a
top-level navigation from another site.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time

import msgspec
from litestar.datastructures import Cookie

FLOW_COOKIE = "kyoso_oidc"
FLOW_PATH = "/api/v1/auth/oidc"
FLOW_SECONDS = 600  # ten minutes to sign in at the provider


class Flow(msgspec.Struct, frozen=True):
    provider: str
    state: str
    nonce: str
    verifier: str
    expires: int
    link_user_id: int | None = None  # set: link to this signed-in account instead of signing in
    return_to: str = "/"


def new_flow(provider: str, link_user_id: int | None, return_to: str) -> Flow:
    return Flow(
        provider=provider,
        state=secrets.token_urlsafe(32),
        nonce=secrets.token_urlsafe(32),
        verifier=secrets.token_urlsafe(48),
        expires=int(time.time()) + FLOW_SECONDS,
        link_user_id=link_user_id,
        return_to=return_to,
    )


def safe_return_path(value: str | None) -> str:
    """Where to go after signing in: a path of this site only (never ``//host`` or a URL)."""
    # a backslash counts as a slash in browsers (``/\\host``); control characters never belong
    if (
        value
        and value.startswith("/")
        and not value.startswith("//")
        and value.isprintable()
        and "\\" not in value
    ):
        return value
    return "/"


class FlowSigner:
    def __init__(self, secret: str, cookie_secure: bool) -> None:
        self._key = hashlib.sha256(b"kyoso-oidc-flow:" + secret.encode()).digest()
        self._cookie_secure = cookie_secure

    def _mac(self, payload: bytes) -> str:
        return base64.urlsafe_b64encode(hmac.digest(self._key, payload, "sha256")).decode()

    def cookie(self, flow: Flow) -> Cookie:
        payload = base64.urlsafe_b64encode(msgspec.json.encode(flow))
        return Cookie(
            key=FLOW_COOKIE,
            value=f"{payload.decode()}.{self._mac(payload)}",
            httponly=True,
            samesite="lax",
            secure=self._cookie_secure,
            path=FLOW_PATH,
            max_age=FLOW_SECONDS,
        )

    def read(self, value: str | None) -> Flow | None:
        """The flow of a cookie this server signed and that has not expired; else ``None``."""
        if not value or "." not in value:
            return None
        payload, _, mac = value.rpartition(".")
        if not hmac.compare_digest(mac, self._mac(payload.encode())):
            return None
        try:
            flow = msgspec.json.decode(base64.urlsafe_b64decode(payload), type=Flow)
        except (msgspec.DecodeError, ValueError):
            return None
        return flow if flow.expires >= time.time() else None


def ended_flow_cookie() -> Cookie:
    return Cookie(
        key=FLOW_COOKIE, value="", httponly=True, samesite="lax", path=FLOW_PATH, max_age=0
    )
