"""What a district logo may be: a PNG or JPEG of at most 5 MB and 4,000 pixels a side.

The size in pixels is read from the image's header, without decoding it: a 17 KB PNG can claim
12,000 × 12,000 pixels and take gigabytes to decode. Every way a logo arrives (chosen in the
editor, imported in a proposal file) is checked here, and the PDF leaves out one that fails.
"""

from __future__ import annotations

import struct

MAX_LOGO_BYTES = 5_000_000
MAX_LOGO_SIDE = 4_000  # pixels: the cover prints the logo about 2½ inches wide
LOGO_MEDIA_TYPES = ("image/png", "image/jpeg")

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# JPEG "start of frame" markers, which carry the image's height and width.
_JPEG_FRAMES = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def logo_problem(data: bytes, media_type: str | None) -> str | None:
    """Why ``data`` cannot be the logo, in words; ``None`` when it can."""
    if media_type not in LOGO_MEDIA_TYPES:
        return "must be a PNG or JPEG image"
    if len(data) > MAX_LOGO_BYTES:
        return "is larger than 5 MB; use a smaller image"
    size = _png_size(data) if media_type == "image/png" else _jpeg_size(data)
    if size is None:
        kind = "PNG" if media_type == "image/png" else "JPEG"
        return f"is not a readable {kind} image"
    width, height = size
    if not (0 < width <= MAX_LOGO_SIDE and 0 < height <= MAX_LOGO_SIDE):
        return (
            f"is {width:,} × {height:,} pixels; use an image at most {MAX_LOGO_SIDE:,} pixels a "
            "side"
        )
    return None


def _png_size(data: bytes) -> tuple[int, int] | None:
    if not data.startswith(_PNG_SIGNATURE) or data[12:16] != b"IHDR" or len(data) < 24:
        return None
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    if not data.startswith(b"\xff\xd8"):
        return None
    position = 2
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
