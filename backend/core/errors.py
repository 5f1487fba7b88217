"""Domain errors and their one mapping to RFC 9457 problem+json responses, in the language
of the request (``core/messages``): raise with an English detail, ``problem`` translates."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Mapping
from typing import Any, cast

from litestar import Request, Response
from litestar.connection import ASGIConnection
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    SerializationException,
    ValidationException,
)
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from litestar.types import ExceptionHandlersMap
from sqlalchemy.exc import DataError, DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from backend.core.messages import N_, localise_problem, request_language
from backend.core.structured_logs import current_request_id

PROBLEM_JSON = "application/problem+json"
logger = logging.getLogger("kyoso")


class DomainError(Exception):
    """An error a person can act on; ``detail`` is shown to them as it is."""

    status_code = 400
    title = "Bad request"
    type_slug = "bad-request"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class NotFound(DomainError):
    status_code, title, type_slug = 404, "Not found", "not-found"


class Forbidden(DomainError):
    status_code, title, type_slug = 403, "Forbidden", "forbidden"


class EmailNotConfirmed(DomainError):
    """The process takes votes only from confirmed e-mail addresses (403)."""

    status_code, title, type_slug = 403, "E-mail address not confirmed", "email-not-confirmed"


class Unauthenticated(DomainError):
    status_code, title, type_slug = 401, "Sign-in required", "unauthenticated"


class Conflict(DomainError):
    status_code, title, type_slug = 409, "Conflict", "conflict"


class InvalidInput(DomainError):
    status_code, title, type_slug = 422, "Invalid input", "invalid-input"


class TooLarge(DomainError):
    """A file or request over its size limit (413 Content Too Large)."""

    status_code, title, type_slug = 413, "Too large", "too-large"


class PhaseClosed(DomainError):
    """The process's current phase does not allow this action."""

    status_code, title, type_slug = 409, "Not allowed in this phase", "phase-closed"


class TooManyRequests(DomainError):
    """A rate limit was reached; ``retry_after`` (seconds) goes into the Retry-After header."""

    status_code, title, type_slug = 429, "Too many requests", "rate-limited"


class ServiceUnavailable(DomainError):
    status_code, title, type_slug = 503, "Service unavailable", "unavailable"


def documented_errors(*errors: type[DomainError]) -> list[type[HTTPException]]:
    """The domain errors a route raises, for its ``raises=`` (the OpenAPI responses)."""
    # cast: Litestar types ``raises`` as HTTPException classes but reads only ``status_code``
    # (and ``detail`` where a class has one) from them; core/openapi.py reads them back as
    # DomainErrors. Subclassing HTTPException instead would route them to status-code handlers.
    return cast("list[type[HTTPException]]", list(errors))


def problem_content(
    scope: Mapping[str, Any], status: int, title: str, detail: str, type_slug: str, **extra: Any
) -> tuple[dict[str, Any], str]:
    """A problem's body in the request's language, and that language."""
    body = {"type": f"/problems/{type_slug}", "title": title, "status": status, "detail": detail}
    body.update(extra)
    language = request_language(scope)
    return localise_problem(body, language), language


def problem(
    status: int,
    title: str,
    detail: str,
    type_slug: str,
    *,
    request: ASGIConnection[Any, Any, Any, Any],
    **extra: Any,
) -> Response[Any]:
    """The problem+json response: ``title`` and ``detail`` (English, as the source writes
    them) reach the person in their language, named in ``Content-Language``."""
    body, language = problem_content(request.scope, status, title, detail, type_slug, **extra)
    headers = {"Content-Language": language}
    if status in (429, 503):
        headers["Retry-After"] = str(extra.get("retry_after", 5))
    return Response(content=body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def not_accepted(errors: list[dict[str, Any]]) -> str:
    """The detail of a refused request with field errors: the first one, with its field."""
    first = errors[0]
    if first.get("field"):
        return N_(f"The request was not accepted ({first['field']}): {first['message']}")
    return N_(f"The request was not accepted: {first['message']}")


def _domain_error_handler(request: Request[Any, Any, Any], exc: DomainError) -> Response[Any]:
    return problem(
        exc.status_code, exc.title, exc.detail, exc.type_slug, request=request, **exc.extra
    )


def _validation_message(extra: Any) -> tuple[str, list[dict[str, Any]]]:
    errors: list[dict[str, Any]] = []
    if isinstance(extra, list):
        for item in extra:
            if isinstance(item, dict):
                errors.append({"field": item.get("key"), "message": item.get("message")})
    if errors:
        return not_accepted(errors), errors
    return N_("The request body could not be read. Send valid JSON with the documented fields."), []


def _http_error_handler(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    if isinstance(exc.__cause__, SerializationException):
        return problem(
            400,
            "Invalid JSON",
            f"The request body is not valid JSON ({exc.detail}). Check the syntax and send it "
            "again.",
            "invalid-json",
            request=request,
        )
    if isinstance(exc, ValidationException):
        detail, errors = _validation_message(exc.extra)
        return problem(
            422 if errors else 400,
            "Invalid input",
            detail,
            "invalid-input",
            request=request,
            errors=errors,
        )
    if isinstance(exc, NotAuthorizedException):
        return problem(
            401,
            "Sign-in required",
            exc.detail or "Please sign in.",
            "unauthenticated",
            request=request,
        )
    status = exc.status_code
    detail = exc.detail or "The request could not be processed."
    if status == 403 and "CSRF" in detail:
        detail = (
            "The security token (CSRF) is missing or wrong. Reload the page and try again; "
            "API clients send the csrftoken cookie value in the X-CSRFToken header."
        )
    if status == 404:
        detail = "Nothing exists at this address."
    if status == 413:  # over the route's request_max_body_size; a route may word it (opt)
        detail = request.route_handler.opt.get(
            "too_large_detail", "The request is too large. Send less at once."
        )
        return problem(413, TooLarge.title, detail, TooLarge.type_slug, request=request)
    if status == 405:
        detail = "This method is not allowed here."
    return problem(
        status,
        exc.__class__.__name__.replace("Exception", "") or "Error",
        detail,
        f"http-{status}",
        request=request,
    )


def _database_unavailable_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    logger.warning("database unavailable: %s", exc)
    return problem(
        503,
        "Service unavailable",
        "The database is not reachable right now. Please try again in a few seconds.",
        "unavailable",
        request=request,
    )


def _unexpected_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    logger.exception("unexpected error", exc_info=exc)
    reference = current_request_id()
    if not reference:
        return problem(
            HTTP_500_INTERNAL_SERVER_ERROR,
            "Internal error",
            "Something went wrong on our side. The error was logged; please try again.",
            "internal",
            request=request,
        )
    return problem(
        HTTP_500_INTERNAL_SERVER_ERROR,
        "Internal error",
        "Something went wrong on our side. The error was logged; please try again. If it "
        f"happens again, tell us the reference {reference}.",
        "internal",
        request=request,
        request_id=reference,
    )


# Driver errors that mean "the database cannot serve us right now", not a bug.
_UNAVAILABLE_CAUSES = (
    "TooManyConnectionsError",
    "CannotConnectNowError",
    "ConnectionDoesNotExistError",
    "ConnectionFailureError",
    "AdminShutdownError",
    "CrashShutdownError",
    "ConnectionRefusedError",
)


_INTERFACE_BUGS = ("number of query arguments cannot exceed",)


def _is_unavailable(exc: DBAPIError) -> bool:
    if exc.connection_invalidated or isinstance(exc, OperationalError):
        return True
    if isinstance(exc, InterfaceError):  # mostly a lost connection; these are our bugs:
        return not any(bug in str(exc.orig) for bug in _INTERFACE_BUGS)
    cause: BaseException | None = exc.orig
    while cause is not None:
        if type(cause).__name__ in _UNAVAILABLE_CAUSES:
            return True
        cause = cause.__cause__
    return False


def is_outage(error: BaseException) -> bool:
    """The database or a store cannot serve anyone right now (a 503 for every request), as
    opposed to one request's own fault (``core/fastpath`` ``Batched`` splits a batch only for
    those)."""
    if isinstance(error, ServiceUnavailable | OSError | TimeoutError):
        return True
    return isinstance(error, DBAPIError) and _is_unavailable(error)


def _out_of_range(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    return problem(
        422,
        "Invalid input",
        "A number in the request is too large. Ids and counts are whole numbers below 2^63.",
        "invalid-input",
        request=request,
    )


def _dbapi_error_handler(request: Request[Any, Any, Any], exc: DBAPIError) -> Response[Any]:
    if _is_unavailable(exc):
        return _database_unavailable_handler(request, exc)
    if isinstance(exc, DataError) or "out of int64 range" in str(exc):
        return _out_of_range(request, exc)  # a client's value the column cannot hold
    return _unexpected_error_handler(request, exc)


MAX_ID = 2**63 - 1


async def reject_out_of_range_ids(request: Request[Any, Any, Any]) -> Response[Any] | None:
    """``before_request`` (async: a sync one would run in a thread on every request): an id in
    the path that no row can have is simply not found (rather
    than an integer overflow deep in the database driver)."""
    for value in request.path_params.values():
        if isinstance(value, int) and not 0 <= value <= MAX_ID:
            return problem(
                404, "Not found", "Nothing exists at this address.", "http-404", request=request
            )
    return None


def _undecodable_form(request: Request[Any, Any, Any], exc: UnicodeDecodeError) -> Response[Any]:
    """Litestar decodes each part of a multipart form without a filename as UTF-8 text, and
    lets the error through (a 500): a client's fault, where it happens there."""
    if any(
        frame.filename.endswith("_multipart.py")
        for frame in traceback.extract_tb(exc.__traceback__)
    ):
        return problem(
            400,
            "Bad request",
            "A form field that is not a file holds bytes that are "
            "not UTF-8 text. Send files as file parts (with a filename) and the other "
            "fields as UTF-8 text.",
            "bad-request",
            request=request,
        )
    return _unexpected_error_handler(request, exc)


exception_handlers: ExceptionHandlersMap = {
    DomainError: _domain_error_handler,
    UnicodeDecodeError: _undecodable_form,
    HTTPException: _http_error_handler,
    DBAPIError: _dbapi_error_handler,
    PoolTimeoutError: _database_unavailable_handler,
    OSError: _database_unavailable_handler,
    OverflowError: _out_of_range,
    Exception: _unexpected_error_handler,
}
