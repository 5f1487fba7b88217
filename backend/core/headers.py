"""Security headers on every response (CSP, frame-ancestors, nosniff, referrer policy)."""

from __future__ import annotations

from litestar.enums import ScopeType
from litestar.types import ASGIApp, HTTPResponseStartEvent, Message, Receive, Scope, Send

SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        b"script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
        b"form-action 'self'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"x-frame-options", b"DENY"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]
# The interactive API docs load their viewer from a CDN; everything else stays 'self'.
DOCS_CSP = (
    b"default-src 'self'; img-src 'self' data: https:; style-src 'self' 'unsafe-inline' "
    b"https:; script-src 'self' 'unsafe-inline' https:; frame-ancestors 'none'"
)


def _with_security_headers(message: HTTPResponseStartEvent, is_docs: bool) -> None:
    headers = list(message.get("headers", []))
    present = {name.lower() for name, _ in headers}
    for name, value in SECURITY_HEADERS:
        if name not in present:
            if is_docs and name == b"content-security-policy":
                value = DOCS_CSP
            headers.append((name, value))
    message["headers"] = headers


async def add_security_headers(message: Message, scope: Scope) -> None:
    """``before_send`` hook: it also sees the responses that middleware or the router produce
    before any route runs (a refused CSRF token, 404, 405), which a middleware may not."""
    if scope["type"] == ScopeType.HTTP and message["type"] == "http.response.start":
        _with_security_headers(message, scope["path"].startswith("/api/docs"))


def security_headers_middleware(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        is_docs = scope["path"].startswith("/api/docs")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                _with_security_headers(message, is_docs)
            await send(message)

        await app(scope, receive, send_with_headers)

    return middleware
