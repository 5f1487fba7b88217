"""CSRF protection bound to the session: the ``csrftoken`` cookie, echoed in ``X-CSRFToken``
on every unsafe method, is valid only with the session cookie it was made for.

Litestar's double-submit middleware signs a random value with the app's secret alone, so a
token obtained in one session (or before signing in) was accepted in any other. Here a token is
``nonce + HMAC(secret, nonce : session cookie)``. Signing in sets a token for the new session
(``users/controllers.py``), signing out deletes it, and any GET whose client has no valid token
for its session gets a fresh one. This middleware runs outside the anonymous read cache, so a
cached answer hands out a token too (an API client whose first request was a cached read could
not sign in: 403).
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any

from litestar.datastructures import Cookie, MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.exceptions import PermissionDeniedException
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from backend.core.app_state import CSRF
from backend.core.security import SESSION_COOKIE

CSRF_COOKIE = "csrftoken"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# POSTed by mail programs, which have no cookie: one-click unsubscribe (RFC 8058) carries its
# own signed token and changes nothing but that person's notification e-mails
CSRF_EXEMPT_PATHS = frozenset({"/api/v1/notifications/unsubscribe"})
_NONCE_HEX = 32


class SessionCsrf:
    """Makes and checks tokens for one secret (the app's ``secret_key``)."""

    def __init__(self, secret: str, cookie_secure: bool) -> None:
        self._key = secret.encode()
        self._cookie_secure = cookie_secure

    def _mac(self, nonce: str, session: str | None) -> str:
        message = f"{nonce}:{session or ''}".encode()
        return hmac.digest(self._key, message, "sha256").hex()  # one call, no HMAC object

    def token(self, session: str | None) -> str:
        nonce = secrets.token_hex(_NONCE_HEX // 2)
        return nonce + self._mac(nonce, session)

    def is_valid(self, token: str | None, session: str | None) -> bool:
        if not token or len(token) <= _NONCE_HEX:
            return False
        nonce, mac = token[:_NONCE_HEX], token[_NONCE_HEX:]
        return hmac.compare_digest(mac, self._mac(nonce, session))

    def cookie(self, session: str | None) -> Cookie:
        """A fresh token cookie for ``session`` (the session cookie's value; None: signed out).
        Readable by the SPA's script, which echoes it."""
        return Cookie(
            key=CSRF_COOKIE,
            value=self.token(session),
            path="/",
            httponly=False,
            secure=self._cookie_secure,
            samesite="lax",
        )


def expired_csrf_cookie() -> Cookie:
    """Deletes the token at sign-out: the next GET gets one for no session."""
    return Cookie(key=CSRF_COOKIE, value="", path="/", samesite="lax", max_age=0)


def session_csrf_middleware(app: ASGIApp) -> ASGIApp:
    """Refuse unsafe requests without a token valid for their session (403); give a GET whose
    client lacks such a token a fresh one."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        litestar_app: Any = scope["litestar_app"]
        csrf = CSRF.get(litestar_app)
        request = litestar_app.request_class(scope=scope)
        session = request.cookies.get(SESSION_COOKIE)
        token = request.cookies.get(CSRF_COOKIE)
        valid = csrf.is_valid(token, session)
        if scope["method"] not in SAFE_METHODS and scope["path"] not in CSRF_EXEMPT_PATHS:
            echoed = request.headers.get("x-csrftoken")
            if not (valid and echoed and hmac.compare_digest(echoed, token)):
                raise PermissionDeniedException("CSRF token verification failed")
            await app(scope, receive, send)
            return
        if valid:
            await app(scope, receive, send)
            return
        header_value = csrf.cookie(session).to_header(header="")

        async def send_with_token(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableScopeHeaders.from_message(message).add("set-cookie", header_value)
            await send(message)

        await app(scope, receive, send_with_token)

    return middleware
