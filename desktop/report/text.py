"""Making user text safe to print: control characters stripped, markup escaped, characters split
into runs by the font that can draw them, and characters no font has replaced by a visible box.

Everything a director typed (names, rationales, the executive summary) passes through ``markup``
before it becomes a Paragraph, or through ``runs`` before it is drawn on the canvas or in a chart,
so ``<script>`` prints as ``<script>`` and a Chinese goal title prints in Chinese.
"""

from __future__ import annotations

import unicodedata
from xml.sax.saxutils import escape

from desktop.report.fonts import EMOJI, MISSING_GLYPH, SANS, Coverage, font_for_char

ELLIPSIS = "\u2026"
_ENTITIES = {'"': "&quot;", "'": "&#39;"}

# Invisible characters that only make sense to a shaping engine (variation selectors, emoji skin
# tones, joiners, bidi controls); printed on their own they would each become a box.
_DROPPED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}


def _dropped(char: str) -> bool:
    code = ord(char)
    if 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF or 0x1F3FB <= code <= 0x1F3FF:
        return True
    return unicodedata.category(char) in _DROPPED_CATEGORIES


def clean(text: str | None, *, keep_newlines: bool = False) -> str:
    """Normalised text without control or invisible characters; tabs become spaces and, unless
    ``keep_newlines``, line breaks become spaces too."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if not keep_newlines:
        text = text.replace("\n", " ")
    kept = [c for c in text if c == "\n" or not _dropped(c)]
    return "".join(kept).strip()


def shorten(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word boundary when one is near, with an ellipsis.
    Long names are shortened where a page has room for one line or one table cell only."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip() + ELLIPSIS


def shorten_middle(text: str, limit: int) -> str:
    """At most ``limit`` characters, the middle cut out for an ellipsis: for names that may
    differ only at their end ("… option A", "… option B"), which a cut at the end made alike."""
    if len(text) <= limit:
        return text
    tail = limit // 3
    head, end = text[: limit - tail - 3], text[len(text) - tail :]
    # At word boundaries when they are near, as ``shorten`` cuts.
    space = head.rfind(" ")
    if space > len(head) * 0.6:
        head = head[:space]
    space = end.find(" ")
    if 0 <= space < len(end) * 0.4:
        end = end[space:]
    return head.rstrip() + " " + ELLIPSIS + " " + end.lstrip()


def _drawable(char: str, coverage: Coverage) -> list[tuple[str, str | None]]:
    """``char`` with its font; when no font has it, its compatibility form when a font has every
    character of that (a pasted "𝐁𝐨𝐥𝐝" or "①" as "Bold" or "1", "ﬁ" as "fi"); else ``None``."""
    font = font_for_char(char, coverage)
    if font is None:
        plainer = unicodedata.normalize("NFKC", char)
        if plainer != char:
            fonts = [font_for_char(c, coverage) for c in plainer]
            if None not in fonts:
                return list(zip(plainer, fonts, strict=True))
    return [(char, font)]


def runs(text: str, coverage: Coverage) -> list[tuple[str, str]]:
    """``[(font_name, piece), ...]``: consecutive characters drawn with the same font. Characters
    no font has, nor their plainer form, become ``MISSING_GLYPH`` in the primary font; spaces
    join the run they are in, except an emoji's."""
    pieces: list[tuple[str, str]] = []
    current_font = SANS
    current: list[str] = []
    for typed in text:
        drawn = [(typed, current_font)] if typed == "\n" else _drawable(typed, coverage)
        for char, found in drawn:
            char, font = (char, found) if found is not None else (MISSING_GLYPH, SANS)
            if char == " " and current and current_font != EMOJI:
                font = current_font  # the emoji font's space is an em wide
            if font != current_font and current:
                pieces.append((current_font, "".join(current)))
                current = []
            current_font = font
            current.append(char)
    if current:
        pieces.append((current_font, "".join(current)))
    return pieces


def markup(
    text: str | None, coverage: Coverage, *, limit: int | None = None, middle: bool = False
) -> str:
    """Paragraph markup for user text: cleaned, optionally shortened (at the end, or with
    ``middle`` in the middle), escaped, with the fallback font switched on only around the
    characters that need it. Line breaks become ``<br/>``."""
    cleaned = clean(text, keep_newlines=True)
    if limit is not None:
        cleaned = (shorten_middle if middle else shorten)(cleaned, limit)
    out: list[str] = []
    for font, piece in runs(cleaned, coverage):
        escaped = escape(piece, _ENTITIES).replace("\n", "<br/>")
        out.append(escaped if font == SANS else f'<font name="{font}">{escaped}</font>')
    return "".join(out)


def plain(text: str | None, coverage: Coverage, *, limit: int | None = None) -> str:
    """Cleaned, shortened text for places that take a plain string (PDF metadata, outline
    entries); characters are kept as they are, since viewers draw those with their own fonts."""
    cleaned = clean(text)
    return shorten(cleaned, limit) if limit is not None else cleaned


def width(text: str, size: float, coverage: Coverage, font: str = SANS) -> float:
    """Printed width of ``text`` at ``size`` points, run by run (``font`` for primary runs)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(
        sum(
            stringWidth(piece, font if run_font == SANS else run_font, size)
            for run_font, piece in runs(text, coverage)
        )
    )


def fit(text: str, size: float, available: float, coverage: Coverage, font: str = SANS) -> str:
    """``text`` shortened with an ellipsis until it is at most ``available`` points wide."""
    if width(text, size, coverage, font) <= available:
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if width(text[:middle].rstrip() + ELLIPSIS, size, coverage, font) <= available:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + ELLIPSIS


def fit_middle(
    text: str, size: float, available: float, coverage: Coverage, font: str = SANS
) -> str:
    """``text`` with its middle cut out for an ellipsis until it is at most ``available``
    points wide, its end kept: a name's years ("… Infrastructure 2027–2031") or its copy's
    number ("… (2)"), which tell copies of one case apart, are at its end."""
    if width(text, size, coverage, font) <= available:
        return text
    low, high = 0, len(text)  # the longest limit whose shortened text fits
    while low < high:
        limit = (low + high + 1) // 2
        if width(shorten_middle(text, limit), size, coverage, font) <= available:
            low = limit
        else:
            high = limit - 1
    if low < 12:  # too little room to keep both ends: its start, as ``fit`` keeps it
        return fit(text, size, available, coverage, font)
    return shorten_middle(text, low)


def two_lines(
    text: str, size: float, available: float, coverage: Coverage, font: str = SANS
) -> list[str]:
    """``text`` on one line when it fits ``available`` points, else broken between words onto
    two, the second shortened with an ellipsis only if it still does not fit."""
    if width(text, size, coverage, font) <= available:
        return [text]
    words = text.split()
    for count in range(len(words) - 1, 0, -1):
        first = " ".join(words[:count])
        if width(first, size, coverage, font) <= available:
            rest = " ".join(words[count:])
            return [first, fit(rest, size, available, coverage, font)]
    return [fit(text, size, available, coverage, font)]  # one word wider than the room


def placed_runs(
    text: str, x: float, *, font: str, size: float, coverage: Coverage, anchor: str = "start"
) -> list[tuple[float, str, str]]:
    """``text`` split into runs of one font each (``font`` for the primary runs), with the x at
    which each run starts when the whole is anchored at ``x`` by its start, middle or end."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    pieces = [(font if f == SANS else f, p) for f, p in runs(text, coverage)]
    widths = [stringWidth(p, f, size) for f, p in pieces]
    if anchor == "end":
        x -= sum(widths)
    elif anchor == "middle":
        x -= sum(widths) / 2
    placed = []
    for (piece_font, piece), width in zip(pieces, widths, strict=True):
        placed.append((x, piece_font, piece))
        x += width
    return placed


def draw(
    canvas: object,
    x: float,
    y: float,
    text: str,
    *,
    font: str,
    size: float,
    coverage: Coverage,
    anchor: str = "start",
) -> None:
    """Draw ``text`` on a reportlab canvas run by run (``font`` for the primary runs), anchored
    at its start, middle or end."""
    for start, piece_font, piece in placed_runs(
        text, x, font=font, size=size, coverage=coverage, anchor=anchor
    ):
        canvas.setFont(piece_font, size)  # type: ignore[attr-defined]
        canvas.drawString(start, y, piece)  # type: ignore[attr-defined]
