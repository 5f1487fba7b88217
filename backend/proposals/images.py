"""Photos on proposals (提案の写真): what an upload becomes before anything is stored.

A resident's photo of the broken step carries where and when it was taken (EXIF GPS, the phone's
make), and phones send 4,000-pixel, 5 MB files that a list on a phone should not download. So
every upload is decoded (the type is what Pillow finds in the bytes: JPEG, PNG or WebP; never the
file name or the browser's MIME type), turned upright (``exif_transpose``, so dropping EXIF does
not tip it over), brought to sRGB, scaled to at most 1,600 pixels on its longest side (and a
480-pixel thumbnail for lists), and encoded afresh as WebP from bare pixels: no EXIF, XMP or ICC
is carried over. WebP keeps transparency (a PNG map excerpt), and is about a third smaller than
JPEG at the same quality; every browser we support shows it.

Pillow is the maintained imaging library of Python (fpdf2 and matplotlib already bring it).
"""

from __future__ import annotations

import asyncio
import io
import warnings

import msgspec
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from backend.core.errors import InvalidInput, TooLarge
from backend.core.messages import N_

MAX_BYTES = 10 * 1024 * 1024  # per file, as sent
# A 48-megapixel phone photo (8,064 × 6,048) passes; a "decompression bomb" (a small file that
# decodes to gigapixels) is refused from its header, before any pixel is decoded.
MAX_PIXELS = 50_000_000
FULL_SIDE = 1600
THUMB_SIDE = 480
FORMATS = ("JPEG", "PNG", "WEBP")
MAX_PER_PROPOSAL = 3
CONTENT_TYPE = "image/webp"
# one photo takes 0.3-1 s of CPU (decode, scale, encode); at most this many at once per process
_CONCURRENT = asyncio.Semaphore(2)

TOO_LARGE = (
    f"Each photo can be at most {MAX_BYTES // (1024 * 1024)} MB. Choose a smaller photo (or "
    "shrink it on your phone) and try again."
)
NOT_AN_IMAGE = N_(
    "This file is not a photo we can show. Choose a JPEG, PNG or WebP image and try again."
)
TOO_MANY_PIXELS = N_(
    f"This image has more than {MAX_PIXELS // 1_000_000} million pixels. Choose a smaller image "
    "and try again."
)


class PreparedImage(msgspec.Struct, frozen=True):
    """An upload made safe to show: the full-size and thumbnail WebP bytes."""

    full: bytes
    thumb: bytes
    width: int
    height: int


class UnusableImage(InvalidInput):
    """Not a JPEG, PNG or WebP image, damaged, or too many pixels."""

    type_slug = "unusable-image"


def _refused(detail: str) -> UnusableImage:
    return UnusableImage(detail, errors=[{"field": "file", "message": detail}])


def _decode(data: bytes) -> Image.Image:
    """The picture in ``data``, decoded at no more than about twice the size we keep."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=FORMATS)
            if image.width * image.height > MAX_PIXELS:
                raise _refused(TOO_MANY_PIXELS)
            # JPEG: decode at 1/2, 1/4 or 1/8 scale while the longest side stays >= FULL_SIDE
            # (a 12-megapixel photo decodes in 0.2 s instead of 0.7 s)
            scale = FULL_SIDE / max(image.size)
            image.draft("RGB", (round(image.width * scale), round(image.height * scale)))
            image.load()
    except (
        UnidentifiedImageError,
        Image.DecompressionBombWarning,
        Image.DecompressionBombError,
    ) as error:
        raise _refused(
            NOT_AN_IMAGE if isinstance(error, UnidentifiedImageError) else TOO_MANY_PIXELS
        ) from error
    except (OSError, SyntaxError, ValueError) as error:  # truncated or corrupt data
        raise _refused(NOT_AN_IMAGE) from error
    return image


def _srgb(image: Image.Image) -> Image.Image:
    """Pixels in sRGB (RGB, or RGBA when the image has transparency), whatever the source mode
    and colour profile (an iPhone's Display P3 would look dull once its profile is dropped)."""
    mode = "RGBA" if image.has_transparency_data else "RGB"
    icc = image.info.get("icc_profile")
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(
                image, source, ImageCms.createProfile("sRGB"), outputMode=mode
            )
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: use the pixels as they are
    return image.convert(mode)


def _encode(image: Image.Image, side: int) -> tuple[bytes, int, int]:
    image = image.copy()
    image.thumbnail((side, side), Image.Resampling.LANCZOS)
    # a fresh image from bare pixels: nothing of the upload's metadata can come along
    bare = Image.frombytes(image.mode, image.size, image.tobytes())
    out = io.BytesIO()
    # method 2: 0.36 s for a detailed 1600-px photo against 1.27 s at the default 4, at about
    # the same size (569 against 581 kB; measured on a shared 2-core machine)
    bare.save(out, "WEBP", quality=82, method=2)
    return out.getvalue(), bare.width, bare.height


def prepare_image(data: bytes) -> PreparedImage:
    """Check, turn upright, scale and re-encode one upload (CPU-bound: call it in a thread)."""
    if len(data) > MAX_BYTES:
        raise TooLarge(TOO_LARGE)
    if not data:
        raise _refused(NOT_AN_IMAGE)
    image = _decode(data)
    image = ImageOps.exif_transpose(image)
    image = _srgb(image)
    full, width, height = _encode(image, FULL_SIDE)
    thumb, _, _ = _encode(image, THUMB_SIDE)
    return PreparedImage(full, thumb, width, height)


async def prepare_image_in_thread(data: bytes) -> PreparedImage:
    async with _CONCURRENT:
        return await asyncio.to_thread(prepare_image, data)
