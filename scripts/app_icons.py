"""Draw the home-screen icons of the web app manifest (frontend/public/icons/) with Pillow.

The mark is the favicon's (frontend/public/favicon.svg): a white head and shoulders on the key
blue. `maskable` fills the whole square and keeps the mark inside the central 80 % safe zone, as
Android crops it to a circle or squircle. Run: python scripts/app_icons.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

BLUE = (0, 49, 216)
WHITE = (255, 255, 255)
OUT = Path(__file__).resolve().parents[1] / "frontend" / "public" / "icons"
SUPERSAMPLE = 4


def _bezier(p0, p1, p2, p3, steps=200):  # type: ignore[no-untyped-def]
    for i in range(steps + 1):
        t = i / steps
        yield tuple(
            (1 - t) ** 3 * a + 3 * (1 - t) ** 2 * t * b + 3 * (1 - t) * t**2 * c + t**3 * d
            for a, b, c, d in zip(p0, p1, p2, p3, strict=True)
        )


def draw_icon(size: int, maskable: bool = False) -> Image.Image:
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), BLUE if maskable else (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    # the favicon's 32-unit grid, shrunk into the safe zone for a maskable icon
    scale = big / 32 * (0.8 if maskable else 1.0)
    offset = (big - 32 * scale) / 2

    def at(x: float, y: float) -> tuple[float, float]:
        return offset + x * scale, offset + y * scale

    if not maskable:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=6 * scale, fill=BLUE)
    width = 3 * scale
    # the stroke as a round brush along the curve: round caps, no seams between segments
    for x, y in (at(*p) for p in _bezier((8, 22), (11, 14), (21, 14), (24, 22))):
        draw.ellipse((x - width / 2, y - width / 2, x + width / 2, y + width / 2), fill=WHITE)
    cx, cy = at(16, 11)
    r = 3.5 * scale
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=WHITE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        draw_icon(size).save(OUT / f"icon-{size}.png", optimize=True)
    draw_icon(512, maskable=True).save(OUT / "maskable-512.png", optimize=True)


if __name__ == "__main__":
    main()
