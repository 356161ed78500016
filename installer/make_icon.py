"""Draws resources/manualbook.ico, the shortcuts' and the window's icon (run once; the .ico is kept in git).

    python installer/make_icon.py

A ledger: a dark blue cover, a white page with ruled lines and a baht column,
and a green tick, drawn at 256 px and reduced for every size Windows asks for.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

SIZES = [(16, 16), (20, 20), (24, 24), (32, 32), (40, 40), (48, 48), (64, 64), (128, 128), (256, 256)]


def draw(size: int = 1024) -> Image.Image:
    s = size / 256
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle([24 * s, 12 * s, 232 * s, 244 * s], radius=22 * s, fill=(31, 111, 178, 255))  # spine
    d.rounded_rectangle([40 * s, 12 * s, 232 * s, 244 * s], radius=22 * s, fill=(16, 42, 67, 255))   # cover
    d.rounded_rectangle([52 * s, 32 * s, 216 * s, 224 * s], radius=10 * s, fill=(255, 255, 255, 255))  # page
    for i in range(6):                                                                                 # ruled lines
        y = (62 + i * 26) * s
        d.rectangle([68 * s, y, 150 * s, y + 7 * s], fill=(154, 167, 180, 255))
        d.rectangle([162 * s, y, 200 * s, y + 7 * s], fill=(31, 111, 178, 255))
    d.line([(118 * s, 196 * s), (146 * s, 222 * s), (214 * s, 142 * s)], fill=(30, 123, 52, 255),
           width=int(22 * s), joint="curve")                                                           # tick
    return img


def main() -> None:
    big = draw().resize((256, 256), Image.LANCZOS)
    out = Path(__file__).resolve().parent.parent / "resources" / "manualbook.ico"
    big.save(out, sizes=SIZES)
    print(out, out.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
