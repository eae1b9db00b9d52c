"""Making user text safe for the page: escaping, stripping, shortening and font runs."""

from __future__ import annotations

from desktop.report.fonts import (
    EMOJI,
    FALLBACK,
    HANGUL,
    MISSING_GLYPH,
    PLAIN,
    SANS,
    register_fonts,
)
from desktop.report.text import clean, markup, runs, shorten


def test_markup_characters_are_escaped_not_interpreted() -> None:
    coverage = register_fonts()
    assert markup("<b>&amp;\"q'</b>", coverage) == ("&lt;b&gt;&amp;amp;&quot;q&#39;&lt;/b&gt;")


def test_control_and_invisible_characters_are_removed_and_lines_kept_where_asked() -> None:
    assert clean("a\x00b\x07c\u200bd\u202ee\ufe0f") == "abcde"
    assert clean("one\r\ntwo\tthree") == "one two three"
    assert clean("one\r\ntwo", keep_newlines=True) == "one\ntwo"
    assert markup("one\ntwo", register_fonts()) == "one<br/>two"


def test_runs_switch_fonts_only_where_needed() -> None:
    coverage = register_fonts()
    assert runs("Budget \u6559\u80b2 2027", coverage) == [
        (SANS, "Budget "),
        (FALLBACK, "\u6559\u80b2 "),
        (SANS, "2027"),
    ]
    # Arabic is in the regular face but not the oblique one: it is pinned to the regular face.
    assert runs("\u0645\u0631", coverage) == [(PLAIN, "\u0645\u0631")]
    # Korean has a face of its own; a script no shipped font has (Devanagari) becomes a box.
    assert runs("\ud55c\uad6d 2027", coverage) == [(HANGUL, "\ud55c\uad6d "), (SANS, "2027")]
    assert runs("\u0928", coverage) == [(SANS, MISSING_GLYPH)]
    # Emoji have a font of their own, whose space is an em wide: a space after one is the text's.
    assert runs("\U0001f4f1 Devices", coverage) == [(EMOJI, "\U0001f4f1"), (SANS, " Devices")]
    # Letters pasted in a maths alphabet print as the letters they are.
    assert runs("\U0001d401\U0001d428 ok", coverage) == [(SANS, "Bo ok")]


def test_shorten_cuts_at_a_word_with_an_ellipsis() -> None:
    assert shorten("short", 10) == "short"
    cut = shorten("Wireless access points for every classroom in the district", 30)
    assert len(cut) <= 30 and cut.endswith("\u2026") and not cut[:-1].endswith(" ")
