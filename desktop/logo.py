"""What a district logo may be: a PNG or JPEG of at most 5 MB and 40 megapixels, that decodes.

The size in pixels is read from the image's header first, without decoding it: a 17 KB PNG can
claim 12,000 × 12,000 pixels and take gigabytes to decode. Only an image of a sane size is then
decoded whole, as the PDF draws it: a sound header over a garbled body was taken as the logo and
then left out of every PDF without a word. Every way a logo arrives (chosen in the editor,
imported in a proposal file) is checked here, and the PDF leaves out one that fails (a library
may hold one saved before this check). The image libraries load only when a logo is checked, so
that starting the app does not pay for them.
"""

from __future__ import annotations

import io
import struct
from functools import lru_cache

MAX_LOGO_BYTES = 5_000_000
# Pixels a logo may have: far more than a cover needs (it prints about 2½ inches wide), far fewer
# than a "decompression bomb" claims. A camera photo of 24 megapixels passes.
MAX_LOGO_PIXELS = 40_000_000
MAX_LOGO_SIDE = 20_000
LOGO_MEDIA_TYPES = ("image/png", "image/jpeg")

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# JPEG "start of frame" markers, which carry the image's height and width.
_JPEG_FRAMES = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def logo_problem(data: bytes, media_type: str | None = None, *, decode: bool = True) -> str | None:
    """Why ``data`` cannot be the logo, in words; ``None`` when it can. The image's kind is read
    from its bytes (a JPEG saved under a .png name is still a JPEG); ``media_type`` is not
    trusted, only checked to be one of the two kinds when given. ``decode=False`` checks the
    header alone: for a copy of a logo the library already holds (a duplicate, an undone
    deletion), which must not be lost for having been saved before the whole image was read."""
    if media_type is not None and media_type not in LOGO_MEDIA_TYPES:
        return "must be a PNG or JPEG image"
    if len(data) > MAX_LOGO_BYTES:
        return "is larger than 5 MB; use a smaller image"
    kind = logo_media_type(data)
    if kind is None:
        return "is not a PNG or JPEG image"
    size = logo_size(data)
    if size is None:
        return "is not a readable PNG or JPEG image"
    width, height = size
    if not (0 < width <= MAX_LOGO_SIDE and 0 < height <= MAX_LOGO_SIDE) or (
        width * height > MAX_LOGO_PIXELS
    ):
        return f"is {width:,} × {height:,} pixels; use an image of at most 40 megapixels"
    if decode and not _decodes(data):
        return "is not a readable PNG or JPEG image: it is damaged or cut short"
    return None


def logo_media_type(data: bytes) -> str | None:
    """The kind of image ``data`` is, from its first bytes ("image/png", "image/jpeg"), or
    ``None``: a logo is kept as what it is, not as what its file's name said (a PNG named .jpg
    was kept as a JPEG, and shared so)."""
    if data.startswith(_PNG_SIGNATURE):
        return "image/png"
    if data.startswith(b"\xff\xd8"):
        return "image/jpeg"
    return None


def logo_size(data: bytes) -> tuple[int, int] | None:
    """Width and height in pixels, read from the header alone (``None``: no readable header)."""
    if data.startswith(_PNG_SIGNATURE):
        return _png_size(data)
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data)
    return None


@lru_cache(maxsize=4)
def _decodes(data: bytes) -> bool:
    """Whether the PDF can draw ``data``: decoded whole by the reader the report draws it with
    (reportlab's, over Pillow). Only called once the header's size is known to be sane."""
    try:
        from reportlab.lib.utils import ImageReader  # heavy: loaded when a logo is checked

        reader = ImageReader(io.BytesIO(data))
        width, height = reader.getSize()
        # The size comes from the header alone; a body cut short or garbled fails only here
        # ("image file is truncated"), when every pixel is read.
        reader.getRGBData()
    except Exception:  # noqa: BLE001 - whatever a damaged image makes the decoder raise
        return False
    return bool(width > 0 and height > 0)


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
