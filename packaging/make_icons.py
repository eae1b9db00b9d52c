"""Draw the Buy-In mark once and derive every icon file the builds need from that one image.

    python packaging/make_icons.py

The mark (three rising bars and a check in a rounded square) is drawn at 1024 px into
``resources/icons/buyin-source.png``; every other file is scaled down from that image, so the
window icon, the Windows ``.ico`` and the macOS ``.icns`` can never drift apart:

- ``buyin.png`` (512 px) and ``buyin-256.png`` for the window icon and Linux desktops,
- ``buyin.ico`` (16 to 256 px) for the Windows executable and installer,
- ``buyin.icns`` (16 to 1024 px) for the macOS app bundle.

Run it again after changing the drawing and commit the results; builds only read the files.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ICONS_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons"
SOURCE_NAME = "buyin-source.png"
MASTER_SIZE = 1024
# Drawn four times larger, then reduced: Pillow's shapes have no anti-aliasing of their own.
SUPERSAMPLE = 4

BACKGROUND = (29, 64, 99, 255)  # deep slate blue: reads as "finance", prints as dark grey
BARS = (244, 247, 250, 255)
CHECK = (242, 178, 51, 255)  # one warm accent, still distinct from the bars in greyscale

ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]
ICNS_SIZES = [(16, 16), (32, 32), (64, 64), (128, 128), (256, 256), (512, 512), (1024, 1024)]


def draw_master(size: int = MASTER_SIZE) -> Image.Image:
    """The mark at ``size`` pixels: a rounded square, three rising bars, a check above them."""
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)

    def px(fraction: float) -> int:
        return round(fraction * big)

    # macOS icon grid: the shape fills about 80 % of the canvas and leaves room for its shadow.
    inset = 0.1
    draw.rounded_rectangle(
        (px(inset), px(inset), px(1 - inset), px(1 - inset)),
        radius=px(0.18),
        fill=BACKGROUND,
    )

    baseline = 0.76
    bar_width = 0.12
    gap = 0.05
    heights = (0.17, 0.27, 0.38)
    left = 0.5 - (3 * bar_width + 2 * gap) / 2 - 0.04
    for index, height in enumerate(heights):
        x0 = left + index * (bar_width + gap)
        draw.rounded_rectangle(
            (px(x0), px(baseline - height), px(x0 + bar_width), px(baseline)),
            radius=px(0.02),
            fill=BARS,
        )

    # The check rises over the tallest bar: the case is made and approved.
    check = [(0.49, 0.33), (0.58, 0.42), (0.78, 0.2)]
    draw.line([(px(x), px(y)) for x, y in check], fill=CHECK, width=px(0.065), joint="curve")
    for x, y in (check[0], check[-1]):
        radius = px(0.0325)
        draw.ellipse((px(x) - radius, px(y) - radius, px(x) + radius, px(y) + radius), fill=CHECK)

    return image.resize((size, size), Image.Resampling.LANCZOS)


def scaled(source: Image.Image, size: int) -> Image.Image:
    return source.resize((size, size), Image.Resampling.LANCZOS)


def write_icons(icons_dir: Path = ICONS_DIR) -> list[Path]:
    """Write the source image and every derived icon; returns the files written."""
    icons_dir.mkdir(parents=True, exist_ok=True)
    source_path = icons_dir / SOURCE_NAME
    draw_master().save(source_path, optimize=True)
    source = Image.open(source_path).convert("RGBA")

    written = [source_path]
    for name, size in (("buyin.png", 512), ("buyin-256.png", 256)):
        path = icons_dir / name
        scaled(source, size).save(path, optimize=True)
        written.append(path)

    ico = icons_dir / "buyin.ico"
    source.save(ico, format="ICO", sizes=ICO_SIZES)
    icns = icons_dir / "buyin.icns"
    source.save(icns, format="ICNS", sizes=ICNS_SIZES)
    written += [ico, icns]
    return written


if __name__ == "__main__":
    for written_path in write_icons():
        print(f"wrote {written_path.relative_to(ICONS_DIR.parent.parent)}")
