"""Logs a log collector can parse, and a request id that ties a log line to a request.

Every HTTP request gets an id: the ``X-Request-ID`` its proxy sent (1–64 letters, digits,
``.``, ``_`` or ``-``), else a new random one. It is sent back in ``X-Request-ID`` and, while
the request runs, added to every log record (``request_id``). A 500's problem+json names it,
so a resident's report can be matched to the server's log line.

``KYOSO_LOG_FORMAT=json`` (the container's default) writes one JSON object per line: ``time``
(ISO 8601, UTC), ``level``, ``logger``, ``message``, ``request_id`` when there is one, and
``exception`` with the traceback. ``text`` (the default on a laptop) is the usual one-line
format with the request id in brackets.
"""

from __future__ import annotations

import contextvars
import logging
import re
import secrets
from datetime import UTC, datetime

import msgspec
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

REQUEST_ID_HEADER = b"x-request-id"
_REQUEST_ID = contextvars.ContextVar[str | None]("kyoso_request_id", default=None)
_VALID_ID = re.compile(rb"[A-Za-z0-9._-]{1,64}")


def current_request_id() -> str | None:
    return _REQUEST_ID.get()


def request_id_middleware(app: ASGIApp) -> ASGIApp:
    """The outermost middleware: sets the request's id for everything below it (the response
    header is added by ``add_request_id_header``, a ``before_send`` hook)."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == ScopeType.HTTP:
            given = next(
                (value for name, value in scope["headers"] if name == REQUEST_ID_HEADER), None
            )
            _REQUEST_ID.set(
                given.decode() if given and _VALID_ID.fullmatch(given) else secrets.token_hex(8)
            )
        await app(scope, receive, send)

    return middleware


async def add_request_id_header(message: Message, scope: Scope) -> None:
    """``before_send`` hook: ``X-Request-ID`` on every HTTP answer, also those produced before
    a route runs."""
    request_id = _REQUEST_ID.get()
    if request_id and message["type"] == "http.response.start":
        message["headers"] = [*message.get("headers", []), (REQUEST_ID_HEADER, request_id.encode())]


class _WithRequestId(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _REQUEST_ID.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if getattr(record, "request_id", None):
            entry["request_id"] = record.request_id  # type: ignore[attr-defined]  # set by _WithRequestId
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return msgspec.json.encode(entry).decode()


class _TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        request_id = getattr(record, "request_id", None)
        return f"{line} [request {request_id}]" if request_id else line


LOG_FORMATS = ("text", "json")


def configure_logging(log_format: str, level: int) -> None:
    """The root logger's one handler, in ``log_format`` (``text`` or ``json``)."""
    if log_format not in LOG_FORMATS:
        raise ValueError(
            f"KYOSO_LOG_FORMAT must be one of {', '.join(LOG_FORMATS)}, not {log_format!r}."
        )
    handler = logging.StreamHandler()
    handler.addFilter(_WithRequestId())
    handler.setFormatter(
        JsonFormatter()
        if log_format == "json"
        else _TextFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "kyoso", False)]:
        root.removeHandler(old)
    handler.kyoso = True  # type: ignore[attr-defined]  # our mark, to replace it on reconfiguring
    root.addHandler(handler)
    root.setLevel(level)
