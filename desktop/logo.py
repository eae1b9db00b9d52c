"""What a district logo may be: a PNG or JPEG of at most 5 MB and 40 megapixels.

The size in pixels is read from the image's header, without decoding it: a 17 KB PNG can claim
12,000 × 12,000 pixels and take gigabytes to decode. Every way a logo arrives (chosen in the
editor, imported in a proposal file) is checked here, and the PDF leaves out one that fails.
"""

from __future__ import annotations

import struct

MAX_LOGO_BYTES = 5_000_000
# Pixels a logo may have: far more than a cover needs (it prints about 2½ inches wide), far fewer
# than a "decompression bomb" claims. A camera photo of 24 megapixels passes.
MAX_LOGO_PIXELS = 40_000_000
MAX_LOGO_SIDE = 20_000
LOGO_MEDIA_TYPES = ("image/png", "image/jpeg")

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# JPEG "start of frame" markers, which carry the image's height and width.
_JPEG_FRAMES = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def logo_problem(data: bytes, media_type: str | None = None) -> str | None:
    """Why ``data`` cannot be the logo, in words; ``None`` when it can. The image's kind is read
    from its bytes (a JPEG saved under a .png name is still a JPEG); ``media_type`` is not
    trusted, only checked to be one of the two kinds when given."""
    if media_type is not None and media_type not in LOGO_MEDIA_TYPES:
        return "must be a PNG or JPEG image"
    if len(data) > MAX_LOGO_BYTES:
        return "is larger than 5 MB; use a smaller image"
    if data.startswith(_PNG_SIGNATURE):
        size = _png_size(data)
    elif data.startswith(b"\xff\xd8"):
        size = _jpeg_size(data)
    else:
        return "is not a PNG or JPEG image"
    if size is None:
        return "is not a readable PNG or JPEG image"
    width, height = size
    if not (0 < width <= MAX_LOGO_SIDE and 0 < height <= MAX_LOGO_SIDE) or (
        width * height > MAX_LOGO_PIXELS
    ):
        return f"is {width:,} × {height:,} pixels; use an image of at most 40 megapixels"
    return None


def _png_size(data: bytes) -> tuple[int, int] | None:
    if data[12:16] != b"IHDR" or len(data) < 24:
        return None
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    position = 2  # after the start-of-image marker
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:  # padding
            position += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # markers without a length
            position += 2
            continue
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        if marker in _JPEG_FRAMES:
            if position + 9 > len(data):
                return None
            height, width = struct.unpack(">HH", data[position + 5 : position + 9])
            return int(width), int(height)
        if length < 2:
            return None
        position += 2 + length
    return None
