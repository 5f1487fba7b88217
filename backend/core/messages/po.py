"""Reading and writing gettext ``.po`` files (the format Poedit, Weblate and translators know).

Only what the catalogues use: ``msgctxt``, ``msgid``, ``msgstr``, ``#:`` references and
``#,`` flags; no plurals (our messages put numbers in a sentence that needs none). A small
reader rather than Babel: Babel's extractor cannot read f-strings, which is how details are
written here (``extract.py`` reads them), so it would only have parsed this file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t"}
_UNESCAPES = {"\\": "\\", '"': '"', "n": "\n", "t": "\t"}


@dataclass
class Entry:
    msgid: str
    msgstr: str = ""
    context: str | None = None
    references: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str | None, str]:
        return self.context, self.msgid


def _quote(text: str) -> str:
    return '"' + "".join(_ESCAPES.get(c, c) for c in text) + '"'


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError(f"not a quoted .po string: {text!r}")
    out, chars = [], iter(text[1:-1])
    for c in chars:
        out.append(_UNESCAPES.get(next(chars, ""), "") if c == "\\" else c)
    return "".join(out)


def read_po(path: Path) -> list[Entry]:
    """The entries of a ``.po`` file, its header (the empty msgid) left out."""
    entries: list[Entry] = []
    current: Entry | None = None
    pending_refs: list[str] = []
    pending_flags: list[str] = []
    context: str | None = None
    target = ""  # the keyword the next continuation line extends

    def finish() -> None:
        nonlocal current
        if current is not None and current.msgid:
            entries.append(current)
        current = None

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#:"):
            finish()
            pending_refs += line[2:].split()
        elif line.startswith("#,"):
            finish()
            pending_flags += [f.strip() for f in line[2:].split(",") if f.strip()]
        elif line.startswith("#"):
            continue
        elif line.startswith("msgctxt "):
            finish()
            context, target = _unquote(line[8:]), "msgctxt"
        elif line.startswith("msgid "):
            finish()
            current = Entry(
                _unquote(line[6:]), context=context, references=pending_refs, flags=pending_flags
            )
            context, pending_refs, pending_flags, target = None, [], [], "msgid"
        elif line.startswith("msgstr ") and current is not None:
            current.msgstr, target = _unquote(line[7:]), "msgstr"
        elif line.startswith('"'):
            piece = _unquote(line)
            if target == "msgctxt":
                context = (context or "") + piece
            elif current is not None and target == "msgid":
                current.msgid += piece
            elif current is not None and target == "msgstr":
                current.msgstr += piece
    finish()
    return entries


def write_po(path: Path, entries: list[Entry], *, language: str, comment: str) -> None:
    """Write ``entries`` (one line per string, no wrapping: easy to diff and to grep)."""
    lines = [f"# {line}".rstrip() for line in comment.splitlines()]
    lines += [
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        f'"Language: {language}\\n"',
        "",
    ]
    for entry in entries:
        lines += [f"#: {ref}" for ref in entry.references]
        if entry.flags:
            lines.append("#, " + ", ".join(entry.flags))
        if entry.context is not None:
            lines.append(f"msgctxt {_quote(entry.context)}")
        lines += [f"msgid {_quote(entry.msgid)}", f"msgstr {_quote(entry.msgstr)}", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
