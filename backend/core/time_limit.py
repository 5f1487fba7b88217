"""A time limit on every request: past it the answer is 503 problem+json, not a hang.

One similar-hint query on 10,000 proposals once kept an API process busy for more than four
minutes without answering (issue 18, M1). Whatever is slow next, the resident gets an answer
they can act on and the connection is freed. The limit ends when the response starts, so a long
download that streams its body is never cut off. ``KYOSO_REQUEST_TIMEOUT_SECONDS`` (default 30,
0 switches it off). Work handed to a thread (``asyncio.to_thread``) is not stopped: keep such
work short, as the similar query's one-text embedding is.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import msgspec
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from backend.core.errors import PROBLEM_JSON, problem_content

logger = logging.getLogger("kyoso")


def request_time_limit(seconds: float) -> Callable[[ASGIApp], ASGIApp]:
    """Litestar middleware (the outermost): each HTTP request gets ``seconds`` to start its
    response."""

    def factory(app: ASGIApp) -> ASGIApp:
        if seconds <= 0:
            return app

        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != ScopeType.HTTP:
                await app(scope, receive, send)
                return
            started = False
            # asyncio's timeout, not anyio's cancel scope: it cancels once, so the clean-up of
            # a cut-off request (closing its database connection) can still await
            limit = asyncio.timeout(seconds)
            try:
                async with limit:

                    async def send_lifting_the_limit(message: Message) -> None:
                        nonlocal started
                        if message["type"] == "http.response.start":
                            started = True
                            limit.reschedule(None)
                        await send(message)

                    await app(scope, receive, send_lifting_the_limit)
            except TimeoutError:
                if started or not limit.expired():
                    raise
                logger.warning("%s %s ran past %s s", scope["method"], scope["path"], seconds)
                await _send_timeout_problem(scope, send, seconds)

        return middleware

    return factory


async def _send_timeout_problem(scope: Scope, send: Send, seconds: float) -> None:
    content, language = problem_content(
        scope,
        503,
        "Service unavailable",
        f"The server could not answer within {seconds:g} seconds. Please try again in a moment.",
        "timeout",
    )
    body = msgspec.json.encode(content)
    await send(
        {
            "type": "http.response.start",
            "status": 503,
            "headers": [
                (b"content-type", PROBLEM_JSON.encode()),
                (b"content-length", str(len(body)).encode()),
                (b"retry-after", b"5"),
                (b"content-language", language.encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body, "more_body": False})
