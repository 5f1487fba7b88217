"""Input hygiene at the edge: one rule for the characters a request may carry, and a limit on
how deeply its JSON may nest. Checked once per request, before any handler or decoder sees it.

Refused everywhere (every string of a JSON body, its keys, query and path parameters):

- C0 control characters except tab, line feed and carriage return (so multi-line text keeps
  its lines), DEL and the C1 controls. NUL in particular: PostgreSQL cannot store it in text
  and answered 500; the others are invisible and have no place in what residents write.
- Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069). A U+202E
  in a title reverses how the rest of the line *looks* ("Trojan Source"), in our pages, the
  exports and any spreadsheet. Japanese and English text never needs them, and right-to-left
  scripts are laid out by the Unicode bidi algorithm without them (the marks U+200E/U+200F
  stay allowed). Refusing them at input, rather than escaping on output, keeps them out of
  every output at once: pages, PDF, DOCX, CSV, open data, the ML pipeline.

JSON nesting: msgspec recurses once per level, so 100,000 ``[`` raised RecursionError (500)
before any handler ran. Nothing we accept nests deeper than 4 levels; 32 is generous.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import accumulate
from typing import Any

from litestar import Request, Response
from litestar.exceptions import SerializationException

from backend.core.errors import problem, reject_out_of_range_ids

FORBIDDEN_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
MAX_JSON_DEPTH = 32

_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}
_NOT_BRACKETS = bytes(b for b in range(256) if b not in _BRACKET_STEP)
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def forbidden_character_problem(value: str, field: str) -> dict[str, str] | None:
    """The error entry for ``field`` when ``value`` holds a refused character, else None."""
    found = FORBIDDEN_CHARACTER.search(value)
    if found is None:
        return None
    code = f"U+{ord(found.group()):04X}"
    return {
        "field": field,
        "message": f"contains the invisible control character {code} at position "
        f"{found.start() + 1}; remove it (line breaks and tabs are fine)",
    }


def json_depth(body: bytes) -> int:
    """How deeply arrays and objects nest in a JSON text (brackets inside strings ignored)."""
    if body.count(b"[") + body.count(b"{") <= MAX_JSON_DEPTH:
        return 0  # cannot be too deep: the common case, no scan
    brackets = _JSON_STRING.sub(b"", body).translate(None, _NOT_BRACKETS)
    return max(accumulate(_BRACKET_STEP[b] for b in brackets), default=0)


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """(field, text) for every string in a decoded JSON value, keys included."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            child = f"{path}.{key}" if path else str(key)
            yield child, str(key)
            yield from _strings(item, child)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, f"{path}[{i}]")


def _refused(errors: list[dict[str, str]]) -> Response[Any]:
    first = errors[0]
    return problem(
        422,
        "Invalid input",
        f"The request was not accepted ({first['field']}): {first['message']}.",
        "invalid-input",
        errors=errors,
    )


async def _body_problem(request: Request[Any, Any, Any]) -> Response[Any] | None:
    body = await request.body()
    if not body:
        return None
    if json_depth(body) > MAX_JSON_DEPTH:
        return problem(
            400,
            "Invalid JSON",
            f"The JSON body nests arrays or objects more than {MAX_JSON_DEPTH} levels deep. "
            "Send the documented fields.",
            "invalid-json",
        )
    try:
        data = await request.json()  # cached: the handler's decoder reuses it
    except SerializationException:
        return None  # the handler's decoder answers with its own 400
    errors = [e for f, s in _strings(data, "") if (e := forbidden_character_problem(s, f))]
    return _refused(errors) if errors else None


async def screen_request(request: Request[Any, Any, Any]) -> Response[Any] | None:
    """``before_request``: refuse out-of-range ids, refused characters and too deep JSON."""
    if (refused := await reject_out_of_range_ids(request)) is not None:
        return refused
    errors = [
        e
        for name, value in (*request.query_params.multi_items(), *request.path_params.items())
        if isinstance(value, str) and (e := forbidden_character_problem(value, name))
    ]
    if errors:
        return _refused(errors)
    if request.method in _BODY_METHODS:
        return await _body_problem(request)
    return None
