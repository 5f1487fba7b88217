"""The city's place names (地名: districts and landmarks), taken out before themes are formed.

Residents name places in every kind of proposal (devset_kawase: 川瀬駅 in the Japanese rows of
12 themes), so a place name pulls proposals about different things together and heads titles
(「港町・城下・観光」). The city's gazetteer is a legitimate input: its names are removed from
the text that is embedded and segmented for keywords; the proposal text shown is untouched.

A landmark keeps its generic head: 「城山公園」 becomes 「公園」 and 「川瀬駅」 「駅」, because
"park" and "station" say what the proposal is about while "城山" and "川瀬" only say where.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ml.text import normalize_text

# residents write 「桜ケ丘」 as often as the district's official 「桜ケ丘地区」
_SUFFIXES = ("地区", "地域")
# generic heads of landmark names, kept when the name is removed (longest match wins)
_HEADS = (
    "駅",
    "公園",
    "公民館",
    "図書館",
    "病院",
    "団地",
    "大学",
    "小学校",
    "中学校",
    "高校",
    "保育園",
    "幼稚園",
    "支所",
    "市役所",
    "体育館",
    "センター",
    "商店街",
    "通り",
    "橋",
    "川",
    "城跡",
    "港",
    "市",
)


class PlaceNames:
    """A gazetteer compiled once: ``remove(text)`` takes every name out of a text."""

    def __init__(self, names: Iterable[str]) -> None:
        replacement: dict[str, str] = {}
        for name in names:
            name = normalize_text(name)
            if not name:
                continue
            replacement[name.casefold()] = _head(name)
            for suffix in _SUFFIXES:
                if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                    replacement.setdefault(name[: -len(suffix)].casefold(), "")
        self.replacement = replacement
        self.pattern: re.Pattern[str] | None = None
        if replacement:
            alternatives = "|".join(
                re.escape(n) for n in sorted(replacement, key=lambda n: (-len(n), n))
            )
            # Latin names only as whole words ("Aoba", not the "aoba" inside another word)
            self.pattern = re.compile(
                rf"(?<![A-Za-z])(?:{alternatives})(?![A-Za-z])", re.IGNORECASE
            )

    def __bool__(self) -> bool:
        return self.pattern is not None

    def remove(self, text: str) -> str:
        """``text`` without the names (heads kept); the text itself if nothing would be left."""
        if self.pattern is None:
            return text
        removed = self.pattern.sub(lambda m: self.replacement[m.group(0).casefold()], text)
        return removed if any(ch.isalnum() for ch in removed) else text


# what a municipality's name ends with: 「みどり市」 is also written 「みどり」 (みどり交通)
_MUNICIPALITY = re.compile(
    r"^(?P<stem>.{2,}?)(?:市|町|村|区)$|^(?P<en>.+?)\s+(?:City|Town|Village|Ward)$"
)


def place_stems(names: Iterable[str]) -> list[str]:
    """The names as residents also write them: 「桜ケ丘地区」 and 「桜ケ丘」."""
    stems: list[str] = []
    for name in (normalize_text(n) for n in names):
        stems += [name] if name else []
        stems += [
            name[: -len(s)] for s in _SUFFIXES if name.endswith(s) and len(name) - len(s) >= 2
        ]
    return list(dict.fromkeys(stems))


def municipality_names(*names: str) -> list[str]:
    """The city's own names and their stems (「みどり市」 → みどり市, みどり; "Midori City" →
    Midori City, Midori): a phrase that holds one names the city or a firm named after it
    (「みどり交通」), not something a plan can act on."""
    found: list[str] = []
    for name in (normalize_text(n).strip() for n in names):
        match = _MUNICIPALITY.match(name) if name else None
        found += [name] if name else []
        if match:
            found.append(match.group("stem") or match.group("en"))
    return list(dict.fromkeys(found))


def _head(name: str) -> str:
    for head in sorted(_HEADS, key=len, reverse=True):
        if name.endswith(head) and len(name) > len(head):
            return head
    return ""
