"""The municipality's logo: a PNG or JPEG, checked by its content (never by a file name or a
client's Content-Type), small enough to travel with every page's header.

Pillow (already installed for fpdf2's images) reads the header and verifies the file; SVG is
refused on purpose: it can carry scripts, and a raster logo needs no sanitiser."""

from __future__ import annotations

import io

from PIL import Image, UnidentifiedImageError

from backend.core.errors import InvalidInput

LOGO_MAX_BYTES = 300_000
LOGO_MAX_SIDE = 2_000  # pixels; also keeps Pillow far below its decompression-bomb guard
LOGO_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}


def checked_logo(data: bytes) -> str:
    """The content type of an acceptable logo, or InvalidInput saying what to change."""
    if not data:
        raise InvalidInput("Send the logo image as the request body (PNG or JPEG).")
    if len(data) > LOGO_MAX_BYTES:
        raise InvalidInput(
            f"The logo is {len(data) // 1000} KB; the limit is {LOGO_MAX_BYTES // 1000} KB. "
            "Save it smaller (for example 400 × 400 pixels) and upload it again."
        )
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, (width, height) = image.format, image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise InvalidInput("The file is not a readable PNG or JPEG image.") from exc
    if kind not in LOGO_TYPES:
        raise InvalidInput(f"The logo is a {kind} file; upload a PNG or JPEG image.")
    if max(width, height) > LOGO_MAX_SIDE:
        raise InvalidInput(
            f"The logo is {width} × {height} pixels; at most {LOGO_MAX_SIDE} on each side."
        )
    return LOGO_TYPES[kind]
