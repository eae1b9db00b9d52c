"""The report's fonts: DejaVu Sans (regular, bold, oblique, condensed) with Droid Sans Fallback
for Chinese and Japanese, NanumSquare for Korean and Noto Emoji (one colour, drawn like text) for
emoji. The family is registered with reportlab the first time a report is rendered; each of the
other three the first time a character needs it.

Nothing is registered at import: the start-up path stays light and a frozen bundle finds the files
through ``desktop.paths.resource``. ``font_for_char`` answers which registered font can draw a
character, so user text can be split into runs (see ``desktop.report.text``).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from desktop.paths import resource

SANS = "BuyInSans"
SANS_BOLD = "BuyInSans-Bold"
SANS_ITALIC = "BuyInSans-Oblique"
CONDENSED = "BuyInSansCondensed"
CONDENSED_BOLD = "BuyInSansCondensed-Bold"
# The regular face again under a name with no bold or italic mapping: characters that only the
# regular face has (the oblique face lacks Arabic, for one) are set in it even inside <b> or <i>.
PLAIN = "BuyInSansPlain"
FALLBACK = "BuyInFallback"
# Korean Hangul, which the CJK fallback lacks: every precomposed syllable and the letters.
HANGUL = "BuyInHangul"
# Emoji, in outline: a "📱 Devices" item name printed as a box before the name.
EMOJI = "BuyInEmoji"

# Shown for a character that no shipped font can draw (e.g. Devanagari): a clean,
# visible "something was here" instead of a black box or an error.
MISSING_GLYPH = "\u25a1"

_FILES: dict[str, str] = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    SANS_ITALIC: "DejaVuSans-Oblique.ttf",
    CONDENSED: "DejaVuSansCondensed.ttf",
    CONDENSED_BOLD: "DejaVuSansCondensed-Bold.ttf",
    PLAIN: "DejaVuSans.ttf",
    FALLBACK: "DroidSansFallbackFull.ttf",
    HANGUL: "NanumSquareR.ttf",
    EMOJI: "NotoEmoji-Regular.ttf",
}

_lock = threading.Lock()


# The fonts for scripts and symbols DejaVu Sans lacks, in the order they are tried. They are
# parsed and registered only when a character needs one: most proposals never do, and the three
# hold about 30 MB of tables and take about 100 ms to read, on every first PDF otherwise.
_EXTRAS = (FALLBACK, HANGUL, EMOJI)


@dataclass(frozen=True, slots=True)
class Coverage:
    """Which code points the fonts can draw: ``primary`` in every face of the family (so in any
    weight or style), ``regular`` in the regular face; ``extra_font`` answers for the others."""

    primary: frozenset[int]
    regular: frozenset[int]

    def extra_font(self, code: int) -> str | None:
        """The first of the CJK, Korean and emoji fonts that has the code point (each read and
        registered the first time it is asked), or None when none has it."""
        for name in _EXTRAS:
            if code in _extra_coverage(name):
                return name
        return None


_BEYOND_BMP = re.compile(r"<([0-9A-F]{2})> <([0-9A-F]{5,6})>")


def _utf16_targets(make_cmap: Any) -> Any:
    """reportlab's ToUnicode map with each character beyond the Basic Multilingual Plane written
    as UTF-16, as the PDF format asks. reportlab writes an emoji as ``<1F4F1>``, five digits a
    reader cannot take, so a printed emoji could not be copied or searched for."""

    def as_utf16(match: re.Match[str]) -> str:
        target = chr(int(match[2], 16)).encode("utf-16-be").hex().upper()
        return f"<{match[1]}> <{target}>"

    def make(fontname: str, subset: Any) -> str:
        return _BEYOND_BMP.sub(as_utf16, make_cmap(fontname, subset))

    return make


def _register(name: str) -> Any:
    """Read one font file and register it with reportlab under ``name`` (call with the lock)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    filename = _FILES[name]
    path = resource("fonts", filename)
    if not path.is_file():
        raise FileNotFoundError(f"The report font {filename} is missing from the fonts.")
    font = TTFont(name, str(path))
    pdfmetrics.registerFont(font)
    return font


@lru_cache(maxsize=1)
def register_fonts() -> Coverage:
    """Register the report's own family with reportlab (once per process) and return its
    coverage; the extra fonts wait until a character needs them (``Coverage.extra_font``)."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import ttfonts

    with _lock:
        ttfonts.makeToUnicodeCMap = _utf16_targets(ttfonts.makeToUnicodeCMap)
        faces = {name: _register(name) for name in _FILES if name not in _EXTRAS}
        # <b> and <i> inside paragraph markup pick the right file of the family.
        for family, bold in ((SANS, SANS_BOLD), (CONDENSED, CONDENSED_BOLD)):
            addMapping(family, 0, 0, family)
            addMapping(family, 1, 0, bold)
            addMapping(family, 0, 1, SANS_ITALIC)
            addMapping(family, 1, 1, bold)
        _one_face(PLAIN)
        faces_of_family = (SANS, SANS_BOLD, SANS_ITALIC, CONDENSED, CONDENSED_BOLD)
        everywhere = frozenset.intersection(
            *(frozenset(faces[name].face.charToGlyph) for name in faces_of_family)
        )
        return Coverage(primary=everywhere, regular=frozenset(faces[SANS].face.charToGlyph))


def _one_face(name: str) -> None:
    """The font ``name`` for every weight and style: inside <b> its runs stay regular."""
    from reportlab.lib.fonts import addMapping

    for is_bold in (0, 1):
        for is_italic in (0, 1):
            addMapping(name, is_bold, is_italic, name)


_extras_read: dict[str, frozenset[int]] = {}


def _extra_coverage(name: str) -> frozenset[int]:
    """The code points the extra font ``name`` has, registering it on first use (once, even
    when two reports are being made at the same time)."""
    known = _extras_read.get(name)
    if known is not None:
        return known
    register_fonts()
    with _lock:
        if name not in _extras_read:
            font = _register(name)
            _one_face(name)
            _extras_read[name] = frozenset(font.face.charToGlyph)
        return _extras_read[name]


def font_for_char(char: str, coverage: Coverage) -> str | None:
    """``SANS`` when every face of the family has the character (the run then takes the face of
    its context), ``PLAIN`` when only the regular face has it, ``FALLBACK`` when the CJK font
    has it, ``HANGUL`` when only the Korean font does, ``EMOJI`` when only the emoji font does,
    ``None`` when no font does."""
    code = ord(char)
    if code in coverage.primary:
        return SANS
    if code in coverage.regular:
        return PLAIN
    return coverage.extra_font(code)
