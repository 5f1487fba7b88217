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

Multipart forms (photo uploads) have their text fields screened; the file is the image code's
to judge (``proposals/images.py``).

JSON nesting: msgspec recurses once per level, so 100,000 ``[`` raised RecursionError (500)
before any handler ran. Nothing we accept nests deeper than 4 levels; more than 32 is a 400.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import deque
from collections.abc import Sequence
from itertools import accumulate
from typing import Any

import numpy as np
from litestar import Request, Response
from litestar.enums import RequestEncodingType
from litestar.exceptions import SerializationException

from backend.core.errors import not_accepted, problem, reject_out_of_range_ids

FORBIDDEN_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
MAX_JSON_DEPTH = 32

_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# A refused character in a JSON body, raw (UTF-8) or as a \u escape. Searched for in the bytes
# first (each test starts at a literal byte, so the search runs at C speed: ~1 ms per MB), and
# the decoded body is walked only when one may be there.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_MAYBE_REFUSED = (
    (b"\xc2", re.compile(rb"\xc2[\x80-\x9f]")),
    (b"\xe2", re.compile(rb"\xe2(?:\x80[\xaa-\xae]|\x81[\xa6-\xa9])")),
    (
        b"\\u",
        re.compile(rb"\\u(?:00[01][0-9a-fA-F]|007[fF]|00[89][0-9a-fA-F]|202[a-eA-E]|206[6-9])"),
    ),
)
MAX_ERRORS = 10
MAX_WALK = 10_000  # containers walked for a field name; ours hold well under 1,000
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_DEPTH_STEP = np.zeros(256, np.int8)
_DEPTH_STEP[list(b"[{")], _DEPTH_STEP[list(b"]}")] = 1, -1


def _problem(character: str, index: int, field: str) -> dict[str, str]:
    return {
        "field": field,
        "message": f"contains the invisible control character U+{ord(character):04X} at "
        f"position {index + 1}; remove it (line breaks and tabs are fine)",
    }


def forbidden_character_problem(value: str, field: str) -> dict[str, str] | None:
    """The error entry for ``field`` when ``value`` holds a refused character, else None."""
    found = FORBIDDEN_CHARACTER.search(value)
    return None if found is None else _problem(found.group(), found.start(), field)


def too_deep(body: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether a JSON text nests arrays or objects more than ``limit`` levels (brackets in
    strings do not count), judged before the recursive decoder sees it: the running sum of
    opening (+1) and closing (-1) brackets, in numpy (~5 ms for 1 MB of brackets; the same
    loop in Python took 350 ms)."""
    if body.count(b"[") + body.count(b"{") <= limit:
        return False  # the common case: too few brackets to be too deep
    outside_strings = np.frombuffer(_JSON_STRING.sub(b"", body), np.uint8)
    return int(np.cumsum(_DEPTH_STEP[outside_strings], dtype=np.int32).max()) > limit


def _field(path: tuple[Any, ...]) -> str:
    """``title``, ``tags[1]``, ``phases[0].phase`` from the (parent, key) chain of a value."""
    keys: list[Any] = []
    while path:
        path, key = path
        keys.append(key)
    text = ""
    for key in reversed(keys):
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else str(key))
    return text


def _may_hold_refused(body: bytes) -> bool:
    if len(body.translate(None, _CONTROL_BYTES)) != len(body):
        return True
    return any(lead in body and pattern.search(body) for lead, pattern in _MAYBE_REFUSED)


def _check(
    values: Sequence[Any], keys: Sequence[Any], path: tuple[Any, ...], errors: list[dict[str, str]]
) -> None:
    """Add an error for each string in ``values`` (named by ``keys``) with a refused character:
    one search over them all, then the matches mapped back to their strings."""
    texts = [v if isinstance(v, str) else "" for v in values]
    joined = "".join(texts)
    if FORBIDDEN_CHARACTER.search(joined) is None:
        return
    ends = list(accumulate(map(len, texts)))
    last = -1
    for match in FORBIDDEN_CHARACTER.finditer(joined):
        i = bisect_right(ends, match.start())
        if i == last:
            continue  # one error per string
        last = i
        start = match.start() - (ends[i - 1] if i else 0)
        errors.append(_problem(match.group(), start, _field((path, keys[i]))))
        if len(errors) >= MAX_ERRORS:
            return


def refused_strings(data: Any) -> list[dict[str, str]]:
    """An error entry for each string (keys included) of the shallowest array or object of a
    decoded JSON value that holds a refused character (at most ``MAX_ERRORS``). Iterative, one
    search per array or object, paths built only for the errors."""
    errors: list[dict[str, str]] = []
    if isinstance(data, str):
        _check([data], ["body"], (), errors)
    pending: deque[tuple[Any, tuple[Any, ...]]] = deque([(data, ())])
    walked = 0
    while pending and walked < MAX_WALK:
        value, path = pending.popleft()
        walked += 1
        if isinstance(value, dict):
            keys: Sequence[Any] = list(value)
            children: Sequence[Any] = list(value.values())
            _check(keys, keys, path, errors)
        elif isinstance(value, list):
            keys, children = range(len(value)), value
        else:
            continue
        _check(children, keys, path, errors)
        if errors:
            break  # the shallowest refused strings are enough to act on
        pending.extend(
            (c, (path, k))
            for k, c in zip(keys, children, strict=True)
            if isinstance(c, dict | list)
        )
    if not errors and pending:  # a huge body, not all walked: name no field, refuse it all the same
        errors.append(
            {
                "field": "",
                "message": "contains an invisible control character; "
                "remove it (line breaks and tabs are fine)",
            }
        )
    return errors[:MAX_ERRORS]


def _refused(request: Request[Any, Any, Any], errors: list[dict[str, str]]) -> Response[Any]:
    return problem(
        422, "Invalid input", not_accepted(errors), "invalid-input", request=request, errors=errors
    )


async def _form_problem(request: Request[Any, Any, Any]) -> Response[Any] | None:
    """A multipart form (a photo and its alt text): its text fields, not the file's bytes."""
    form = await request.form()  # parsed once: the handler's ``data`` reuses it
    errors = [
        e
        for name, value in form.multi_items()
        if isinstance(value, str) and (e := forbidden_character_problem(value, name))
    ]
    return _refused(request, errors) if errors else None


async def _body_problem(request: Request[Any, Any, Any]) -> Response[Any] | None:
    if request.content_type[0] == RequestEncodingType.MULTI_PART:
        return await _form_problem(request)
    body = await request.body()
    if not body:
        return None
    if too_deep(body):
        return problem(
            400,
            "Invalid JSON",
            f"The JSON body nests arrays or objects more than {MAX_JSON_DEPTH} levels deep. "
            "Send the documented fields.",
            "invalid-json",
            request=request,
        )
    if not _may_hold_refused(body):
        return None
    try:
        errors = refused_strings(await request.json())  # cached: the handler reuses it
    except SerializationException:
        return None  # not JSON: the handler's decoder answers with its own 400
    return _refused(request, errors) if errors else None


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
        return _refused(request, errors)
    if request.method in _BODY_METHODS:
        return await _body_problem(request)
    return None
