"""Every operation's problem+json responses in the OpenAPI, derived in one place.

What a route can answer besides success follows from what it is made of, so the responses are
derived from the registered route rather than written on each handler:

- a guard: what it declares with ``answers`` (a role guard: 401 for not signed in and 403 for
  the wrong role; ``signed_in``: 401; a ``rate_limited`` guard: 429); the ``user``
  dependency: 401;
- an unsafe method: 403 (the CSRF token) and 409 (the process's phase or the current state,
  e.g. an e-mail address already taken, forbids the write);
- path parameters: 404; path or query parameters or a body: 400 and 422 (unreadable or invalid
  input); a body: 413 (larger than the app's limit);
- every route but ``/health``: 503 (the database is not reachable).

A handler whose own code raises something these rules cannot see names the domain error in
Litestar's ``raises=`` (e.g. the vote routes count their rate limit inside the handler).
Schemathesis (``tests/security/test_fuzz_openapi.py``) checks that no answer is undocumented.

``operation_id`` names each operation after its handler function in camelCase (``cast_vote`` →
``castVote``): the generated TypeScript client (``frontend/src/shared/api/schema.ts``) is keyed by
these names, so they must stay stable and unique (``tests/backend/core/test_openapi.py``).

``ClosedStructSchemaPlugin`` says what a body may not contain: a msgspec Struct that refuses
unknown fields is ``additionalProperties: false``, so a client (or a fuzzer) knows that a body
with an extra key is refused with 422.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import msgspec
from litestar import Litestar
from litestar._openapi.schema_generation.plugins.struct import StructSchemaPlugin
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Schema
from litestar.routes import HTTPRoute
from litestar.types import Method
from litestar.types.internal_types import PathParameterDefinition
from litestar.typing import FieldDefinition

from backend.core.errors import PROBLEM_JSON, DomainError


class ClosedStructSchemaPlugin(StructSchemaPlugin):
    """Litestar's msgspec Struct schemas, closed where the Struct forbids unknown fields."""

    def to_openapi_schema(self, field_definition: FieldDefinition, schema_creator: Any) -> Schema:
        schema = super().to_openapi_schema(field_definition, schema_creator)
        # a Struct field definition gives a StructType, the one kind of msgspec Type with this flag
        if msgspec.inspect.type_info(field_definition.type_).forbid_unknown_fields:  # type: ignore[attr-defined]
            schema.additional_properties = False
        return schema


def operation_id(
    handler: HTTPRouteHandler, method: Method, path: list[str | PathParameterDefinition]
) -> str:
    """The handler function's name in camelCase: ``list_proposals`` → ``listProposals``."""
    first, *rest = handler.handler_name.split("_")
    return first + "".join(word.capitalize() for word in rest)


class FieldError(msgspec.Struct):
    field: str | None
    message: str


class ProblemDetails(msgspec.Struct):
    """An RFC 9457 problem (``application/problem+json``), as ``core/errors.problem`` writes it."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldError] | None = None
    retry_after: int | None = None
    request_id: str | None = None  # on a 500: the reference in the server's log


DESCRIPTIONS = {
    400: "The body or a parameter could not be read (e.g. invalid JSON).",
    401: "Sign-in required.",
    403: "Your role may not do this, or the CSRF token is missing or wrong.",
    404: "Nothing exists at this address.",
    409: "The current state (e.g. the process's phase) does not allow this.",
    413: "The request body is larger than the limit.",
    422: "A field or parameter is not valid; `errors` names it.",
    429: "Too many requests; retry after `Retry-After` seconds.",
    503: "The database is not reachable right now; retry after `Retry-After` seconds.",
}
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Not parameters: what Litestar injects by name.
_RESERVED = frozenset({"request", "state", "scope", "headers", "cookies", "query", "body", "data"})
_GUARD_STATUSES = "problem_statuses"
Guard = TypeVar("Guard", bound=Callable[..., Any])


def answers(*statuses: int) -> Callable[[Guard], Guard]:
    """Decorator for a guard: the problem statuses it can answer, for the OpenAPI (the guards
    live in their features; this module does not know them)."""

    def declare(guard: Guard) -> Guard:
        setattr(guard, _GUARD_STATUSES, frozenset(statuses))
        return guard

    return declare


def _statuses_from_guards(handler: HTTPRouteHandler) -> set[int]:
    statuses: set[int] = set()
    for guard in handler.resolve_guards():
        statuses |= getattr(guard, _GUARD_STATUSES, frozenset())
    return statuses


def problem_statuses(handler: HTTPRouteHandler, route: HTTPRoute) -> set[int]:
    """The problem+json statuses ``handler``, registered under ``route``, can answer."""
    if route.path == "/health":  # the liveness probe touches nothing that can fail
        return set()
    path_parameters = set(route.path_parameters)
    statuses = {503} | _statuses_from_guards(handler)
    signature = set(handler.parsed_fn_signature.parameters)
    dependencies = set(handler.resolve_dependencies())
    if "user" in signature:
        statuses.add(401)
    if set(handler.http_methods) & UNSAFE_METHODS:
        statuses |= {403, 409}
    if path_parameters:
        statuses.add(404)
    has_body = "data" in signature
    if has_body:
        statuses.add(413)
    if has_body or path_parameters or signature - dependencies - _RESERVED:
        statuses |= {400, 422}
    statuses |= {exc.status_code for exc in handler.raises or () if issubclass(exc, DomainError)}
    return statuses


def problem_response(
    status: int, body: type[ProblemDetails] = ProblemDetails, description: str | None = None
) -> ResponseSpec:
    """A problem+json response; a handler names its own ``body`` (a ``ProblemDetails`` with
    more fields) where its problem carries more, e.g. the rows of a refused import."""
    return ResponseSpec(
        data_container=body,
        description=description or DESCRIPTIONS[status],
        media_type=PROBLEM_JSON,
        generate_examples=False,
    )


def document_problem_responses(app: Litestar) -> None:
    """Give every registered operation its problem+json responses (before the OpenAPI schema
    is first built). Responses a handler documents itself win."""
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            derived: dict[int, Any] = {
                status: problem_response(status)
                for status in sorted(problem_statuses(handler, route))
            }
            handler.responses = {**derived, **(handler.responses or {})}
