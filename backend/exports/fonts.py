"""The Japanese font every export format uses: Noto Sans CJK JP (Debian ``fonts-noto-cjk``).

Debian ships it as OpenType collections with CFF outlines (``.ttc``); fpdf2 embeds those as
subset CID fonts, matplotlib renders them for the charts. ``KYOSO_EXPORT_FONT`` and
``KYOSO_EXPORT_FONT_BOLD`` may point at other files (a ``.ttc``, ``.otf`` or ``.ttf``);
``create_app`` and the export job hand them over with ``choose_export_fonts``.
"""

from __future__ import annotations

import functools
from pathlib import Path

import msgspec

from backend.core.errors import ServiceUnavailable

FONT_DIRS = (
    Path("/usr/share/fonts/opentype/noto"),
    Path("/usr/share/fonts/noto-cjk"),
    Path("/usr/share/fonts/google-noto-cjk"),
    Path("/usr/local/share/fonts"),
    Path("/opt/homebrew/share/fonts"),
)
REGULAR_FILES = ("NotoSansCJK-Regular.ttc", "NotoSansCJKjp-Regular.otf", "NotoSansJP-Regular.otf")
BOLD_FILES = ("NotoSansCJK-Bold.ttc", "NotoSansCJKjp-Bold.otf", "NotoSansJP-Bold.otf")
# In the Noto CJK collections, face 0 is the Japanese (JP) one.
JAPANESE_FACE = 0
DOCX_FONT_NAME = "Noto Sans CJK JP"  # what Word / LibreOffice look for; falls back if absent


class FontFiles(msgspec.Struct, frozen=True):
    regular: str
    bold: str


_chosen = {"regular": "", "bold": ""}


def choose_export_fonts(regular: str, bold: str) -> None:
    """The files the operator named (``KYOSO_EXPORT_FONT``, ``KYOSO_EXPORT_FONT_BOLD``); the
    export job calls it too, since ``kyoso worker`` builds no app."""
    if _chosen != {"regular": regular, "bold": bold}:
        _chosen.update(regular=regular, bold=bold)
        japanese_fonts.cache_clear()


def _find(names: tuple[str, ...], face: str) -> str | None:
    if (chosen := _chosen[face]) and Path(chosen).is_file():
        return chosen
    for directory in FONT_DIRS:
        for name in names:
            if (directory / name).is_file():
                return str(directory / name)
    return None


@functools.cache
def japanese_fonts() -> FontFiles:
    """The regular and bold font files; a clear error when none is installed."""
    regular = _find(REGULAR_FILES, "regular")
    if regular is None:
        raise ServiceUnavailable(
            "No Japanese font is installed for exports. Install Debian's fonts-noto-cjk "
            "(apt-get install fonts-noto-cjk) or set KYOSO_EXPORT_FONT to a Noto Sans CJK file."
        )
    return FontFiles(regular, _find(BOLD_FILES, "bold") or regular)
