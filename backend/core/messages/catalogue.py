"""One language's catalogue: the translations of ``<language>/server.po`` (the messages our
source writes, kept by ``python -m backend.core.messages update``) and ``library.po`` (what
msgspec and Litestar write, the words a message puts in a sentence, the fallbacks)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from backend.core.messages.po import Entry, read_po
from backend.core.messages.templates import Template, fill, placeholders, plain

HERE = Path(__file__).resolve().parent
SERVER_PO, LIBRARY_PO = "server.po", "library.po"
TERM = "term"  # msgctxt of a word or phrase put into a sentence (a status, a field's name)
FALLBACK_TITLE, FALLBACK_DETAIL = "fallback title", "fallback detail"  # msgid: the status
FIELD_PATH = re.compile(r"[A-Za-z_]\w*(?:\[\d+\]|\.[A-Za-z_]\w*)*")
_MAX_DEPTH = 3  # a value inside a value inside a message; deeper values stay as they are


class Catalogue:
    """Translate an English message (a literal or a filled template) into one language."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.exact: dict[str, str] = {}
        self.templates: list[Template] = []
        self.contexts: dict[str, dict[str, str]] = {}
        for entry in entries:
            if not entry.msgstr or "fuzzy" in entry.flags:
                continue
            if entry.context is not None:
                self.contexts.setdefault(entry.context, {})[entry.msgid] = entry.msgstr
            elif placeholders(entry.msgid):
                self.templates.append(Template.compile(entry.msgid, entry.msgstr))
            else:
                self.exact[plain(entry.msgid)] = plain(entry.msgstr)
        self.templates.sort(key=lambda t: -t.specificity)
        self.terms = self.contexts.get(TERM, {})
        self._memo: dict[str, str | None] = {}

    def message(self, text: str, depth: int = 0) -> str | None:
        """The translation of ``text``, or None when the catalogue does not know it."""
        if (known := self.exact.get(text)) is not None:
            return known
        if depth == 0 and text in self._memo:
            return self._memo[text]
        found = None
        for template in self.templates:
            if (values := template.values(text)) is not None:
                found = fill(
                    template.translation, {k: self.value(v, depth + 1) for k, v in values.items()}
                )
                break
        if depth == 0 and len(self._memo) < 4096:
            self._memo[text] = found
        return found

    def value(self, text: str, depth: int = _MAX_DEPTH) -> str:
        """A value put into a message: a known word or message translated, a field named."""
        if (term := self.terms.get(text)) is not None:
            return term
        if depth < _MAX_DEPTH and len(text) > 3 and (found := self.message(text, depth)):
            return found
        if FIELD_PATH.fullmatch(text) and ("." in text or "[" in text):
            last = re.findall(r"[A-Za-z_]\w*", text)[-1]
            if last in self.terms:
                return f"{self.terms[last]}（{text}）"
        return text

    def fallback(self, kind: str, status: int) -> str:
        """A general sentence for the status, when a message has no translation."""
        table = self.contexts.get(kind, {})
        return table.get(str(status)) or table.get(f"{status // 100}xx") or table["default"]


def catalogue_entries(language: str) -> list[Entry]:
    folder = HERE / language
    return [
        e
        for name in (SERVER_PO, LIBRARY_PO)
        if (folder / name).exists()
        for e in read_po(folder / name)
    ]


@cache
def load_catalogue(language: str) -> Catalogue:
    return Catalogue(catalogue_entries(language))
