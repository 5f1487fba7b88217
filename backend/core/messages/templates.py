"""Message templates: an English detail as the source writes it, with ``{…}`` where an
f-string puts a value (``There is no user {user_id}.``), and its translation.

The raise sites keep their f-strings; the English text a person would get is matched against
the templates (a regular expression each), and the values it carries are put into the
translation. Literal braces are doubled, as in ``str.format``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

Part = tuple[bool, str]  # (is a placeholder, text)


def parse(template: str) -> list[Part]:
    """The literal text and placeholders of a template, in order."""
    parts: list[Part] = []
    literal, i = "", 0
    while i < len(template):
        c = template[i]
        if c in "{}" and template[i + 1 : i + 2] == c:
            literal += c
            i += 2
        elif c == "{":
            depth, j = 1, i + 1
            while j < len(template) and depth:
                depth += {"{": 1, "}": -1}.get(template[j], 0)
                j += 1
            if depth:
                raise ValueError(f"unclosed placeholder in {template!r}")
            if literal:
                parts.append((False, literal))
                literal = ""
            parts.append((True, template[i + 1 : j - 1]))
            i = j
        else:
            literal += c
            i += 1
    if literal:
        parts.append((False, literal))
    return parts


def placeholders(template: str) -> set[str]:
    return {text for is_placeholder, text in parse(template) if is_placeholder}


def plain(template: str) -> str:
    """The text of a template without placeholders (``{{`` → ``{``)."""
    return "".join(text for _, text in parse(template))


@dataclass(frozen=True)
class Template:
    """One catalogue entry that carries values: matches the English, fills the translation."""

    source: str
    translation: str
    pattern: re.Pattern[str]
    names: tuple[str, ...]
    specificity: int  # characters of fixed text: the most specific template wins
    head: str  # the fixed text before the first value and after the last: a cheap first test
    tail: str

    @classmethod
    def compile(cls, source: str, translation: str) -> Template:
        regex, fixed = "", 0
        names: list[str] = []
        parts = parse(source)
        head = "" if parts[0][0] else parts[0][1]
        tail = "" if parts[-1][0] else parts[-1][1]
        for is_placeholder, text in parts:
            if is_placeholder:
                regex += f"(?P<p{len(names)}>.*?)"
                names.append(text)
            else:
                regex += re.escape(text)
                fixed += len(text)
        return cls(
            source, translation, re.compile(regex, re.DOTALL), tuple(names), fixed, head, tail
        )

    def values(self, text: str) -> dict[str, str] | None:
        """The values ``text`` carries, by placeholder, if it is this template's message."""
        if not (text.startswith(self.head) and text.endswith(self.tail)):
            return None
        match = self.pattern.fullmatch(text)
        if match is None:
            return None
        return {name: match.group(f"p{n}") for n, name in enumerate(self.names)}


def fill(translation: str, values: dict[str, str]) -> str:
    return "".join(
        values.get(text, "") if is_placeholder else text
        for is_placeholder, text in parse(translation)
    )
