"""Server messages in the reader's language: Japanese (日本語) or English.

Routes raise domain errors with an English detail, as plain literals or f-strings; the one
problem+json builder (``core/errors.problem``) translates the title, the detail and each field
error into the language of the request (``request_language``) and says which in
``Content-Language``. Translations live in gettext catalogues, ``ja/server.po`` (extracted
from the source) and ``ja/library.po`` (msgspec's and Litestar's messages, words, fallbacks);
``python -m backend.core.messages check`` lists what has no translation yet.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from backend.core.messages.catalogue import FALLBACK_DETAIL, FALLBACK_TITLE, load_catalogue

LANGUAGES = ("ja", "en")  # English is the source language: its messages are the source's
DEFAULT_LANGUAGE = "ja"  # a request that names neither language
SOURCE_LANGUAGE = "en"
logger = logging.getLogger("kyoso")


def N_(message: str) -> str:  # gettext's name for "mark for translation"
    """Mark a message written away from where it is raised (a constant, a returned reason),
    so that the source scan finds it; the text is translated when it is sent."""
    return message


def negotiate(accept_language: str | None) -> str:
    """The language an ``Accept-Language`` header prefers among ours (q-values honoured;
    ``ja-JP`` counts as ``ja``); Japanese when it names neither."""
    ranked: list[tuple[float, int, str]] = []
    for n, item in enumerate((accept_language or "").split(",")):
        tag, _, params = item.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if tag and quality > 0:
            ranked.append((-quality, n, tag.strip().lower()))
    for _, _, tag in sorted(ranked):
        if tag == "*":
            return DEFAULT_LANGUAGE
        if (primary := tag.split("-")[0]) in LANGUAGES:
            return primary
    return DEFAULT_LANGUAGE


def request_language(scope: Mapping[str, Any]) -> str:
    """The signed-in user's language setting, else the request's ``Accept-Language``."""
    language = getattr(scope.get("user"), "language", None)
    if language in LANGUAGES:
        return str(language)
    for name, value in scope.get("headers", ()):
        if name == b"accept-language":
            return negotiate(value.decode("latin-1"))
    return DEFAULT_LANGUAGE


def translate(text: str, language: str) -> str | None:
    """``text`` (an English server message) in ``language``; None if it has no translation."""
    if language == SOURCE_LANGUAGE:
        return text
    return load_catalogue(language).message(text)


def localise_problem(body: dict[str, Any], language: str) -> dict[str, Any]:
    """A problem+json body with its title, detail and field errors in ``language``. A message
    without a translation gets the status's general sentence (logged: run ``check``)."""
    if language == SOURCE_LANGUAGE:
        return body
    catalogue = load_catalogue(language)
    status = int(body.get("status", 500))
    out = dict(body)
    for key, kind in (("title", FALLBACK_TITLE), ("detail", FALLBACK_DETAIL)):
        text = body.get(key)
        if isinstance(text, str):
            if (found := catalogue.message(text)) is None:
                logger.warning("server message without a %s translation: %r", language, text)
                found = catalogue.fallback(kind, status)
            out[key] = found
    errors = body.get("errors")
    if isinstance(errors, list):
        out["errors"] = [_field_error(catalogue, e) for e in errors]
    return out


def _field_error(catalogue: Any, error: Any) -> Any:
    if not isinstance(error, dict) or not isinstance(error.get("message"), str):
        return error
    found = catalogue.message(error["message"])
    if found is None:
        logger.warning("field message without a translation: %r", error["message"])
        found = catalogue.fallback(FALLBACK_DETAIL, 422)
    return {**error, "message": found}
