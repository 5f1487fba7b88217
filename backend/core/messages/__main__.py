"""``python -m backend.core.messages check|update``: keep the translations of the server's
messages in step with the source.

- ``check`` lists every message in the source without a Japanese translation (with where it
  is written), translations whose ``{placeholders}`` the English does not have, details the
  scan cannot follow, and translations no message uses any more; exit status 1 if any.
- ``update`` writes ``ja/server.po``: the source's messages in source order, the translations
  kept, new messages with an empty ``msgstr`` to fill in (Poedit, Weblate or any editor).
"""

from __future__ import annotations

import sys
from pathlib import Path

from backend.core.messages.catalogue import HERE, SERVER_PO
from backend.core.messages.extract import BACKEND, extract
from backend.core.messages.po import Entry, read_po, write_po
from backend.core.messages.templates import placeholders

LANGUAGE = "ja"
COMMENT = """Japanese (日本語) translations of the server's messages (problem+json titles, details
and field errors). Written by `python -m backend.core.messages update`: fill in the empty msgstr
lines; {…} is a value the server puts in (an id, a name, a number) and must stay as it is."""


def _server_po() -> list[Entry]:
    path = HERE / LANGUAGE / SERVER_PO
    return read_po(path) if path.exists() else []


def problems(root: Path = BACKEND) -> list[str]:
    """What stands between the source and a complete Japanese catalogue, one line each."""
    messages, unresolved = extract(root)
    known = {e.msgid: e for e in _server_po() if e.context is None}
    out = [
        f"untranslated: {msgid!r}  ({', '.join(refs[:3])})"
        for msgid, refs in messages.items()
        if not known.get(msgid, Entry(msgid)).msgstr or "fuzzy" in known[msgid].flags
    ]
    for entry in known.values():
        if extra := placeholders(entry.msgstr) - placeholders(entry.msgid):
            out.append(f"unknown placeholder {sorted(extra)} in the translation of {entry.msgid!r}")
    out += [
        f"not followed to its text (write it at the raise, or mark it with N_): {u}"
        for u in unresolved
    ]
    out += [f"obsolete (run update): {msgid!r}" for msgid in known if msgid not in messages]
    return out


def update() -> list[str]:
    """Rewrite ``ja/server.po`` from the source; the messages still to translate."""
    messages, _ = extract()
    old = {e.msgid: e for e in _server_po() if e.context is None}
    entries = [
        Entry(
            msgid,
            old[msgid].msgstr if msgid in old else "",
            references=refs,
            flags=old[msgid].flags if msgid in old else [],
        )
        for msgid, refs in sorted(messages.items(), key=lambda m: _order(m[1][0]))
    ]
    write_po(HERE / LANGUAGE / SERVER_PO, entries, language=LANGUAGE, comment=COMMENT)
    return [e.msgid for e in entries if not e.msgstr]


def _order(reference: str) -> tuple[str, int]:
    path, _, line = reference.rpartition(":")
    return path, int(line)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "update":
        missing = update()
        print(f"{SERVER_PO}: {len(missing)} message(s) to translate")
        for msgid in missing:
            print(f"  {msgid}")
        return 0
    if command == "check":
        found = problems()
        print("\n".join(found) if found else "every server message has a Japanese translation")
        return 1 if found else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
