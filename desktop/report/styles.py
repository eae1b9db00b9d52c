"""The report's one stylesheet: page geometry, colours, paragraph styles and table rules.

Calm and conservative, like an annual report: DejaVu Sans in regular and bold (condensed for dense
figure tables), margins of at least three quarters of an inch so every printer keeps them, one
deep blue accent that prints as a dark grey, light rules instead of grids. Built on first use
(``stylesheet()``) because the paragraph styles need the fonts registered.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from desktop.report.fonts import CONDENSED, CONDENSED_BOLD, SANS, SANS_BOLD, SANS_ITALIC

INCH = 72.0
MM = INCH / 25.4

PAPER_SIZES: dict[str, tuple[float, float]] = {
    "letter": (8.5 * INCH, 11 * INCH),
    "a4": (210 * MM, 297 * MM),
}

# Side margins of 0.85 in (21.6 mm); top and bottom leave room for the running header and footer,
# which sit inside the margin but never closer than half an inch to the paper's edge.
MARGIN_SIDE = 0.85 * INCH
MARGIN_TOP = 1.0 * INCH
MARGIN_BOTTOM = 0.95 * INCH
HEADER_Y_FROM_TOP = 0.55 * INCH
FOOTER_Y = 0.55 * INCH


@dataclass(frozen=True, slots=True)
class Palette:
    """Hex colours. The accent's luminance is low enough to read as near-black in grey print;
    the chart shades step evenly in lightness so they stay distinct without colour."""

    ink: str = "#1A1A1A"
    muted: str = "#5A5A5A"
    accent: str = "#1F4E79"
    accent_light: str = "#DCE6F0"
    rule: str = "#B4B4B4"
    rule_strong: str = "#404040"
    band: str = "#F3F5F8"
    good: str = "#2E6B3A"
    warning: str = "#8A4B08"
    # Chart series, darkest first: accent, then greys lightening in even steps.
    series: tuple[str, ...] = (
        "#1F4E79",
        "#7F7F7F",
        "#4F81B0",
        "#BFBFBF",
        "#A7C0DA",
        "#404040",
        "#E0E0E0",
    )


PALETTE = Palette()


def color(hex_value: str) -> Any:
    from reportlab.lib.colors import HexColor

    return HexColor(hex_value)


@dataclass(frozen=True, slots=True)
class Stylesheet:
    body: Any
    body_small: Any
    list_small: Any
    lead: Any
    bullet: Any
    h1: Any
    h2: Any
    h3: Any
    caption: Any
    table_caption: Any
    note: Any
    cell: Any
    cell_bold: Any
    cell_number: Any
    cell_number_bold: Any
    cell_header: Any
    cell_header_number: Any
    cover_title: Any
    cover_subtitle: Any
    cover_meta: Any
    figure_big: Any
    figure_label: Any
    toc_levels: tuple[Any, ...]


@lru_cache(maxsize=1)
def stylesheet() -> Stylesheet:
    """The paragraph styles (fonts must already be registered)."""
    from reportlab.lib.enums import TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    ink, muted, accent = color(PALETTE.ink), color(PALETTE.muted), color(PALETTE.accent)
    body = ParagraphStyle(
        "Body",
        fontName=SANS,
        fontSize=9.5,
        leading=13.6,
        textColor=ink,
        spaceAfter=6,
        alignment=TA_LEFT,
        splitLongWords=True,
        allowWidows=0,
        allowOrphans=0,
    )
    cell = ParagraphStyle(
        "Cell",
        parent=body,
        fontName=CONDENSED,
        fontSize=8,
        leading=10,
        spaceAfter=0,
    )
    cell_number = ParagraphStyle("CellNumber", parent=cell, alignment=TA_RIGHT)
    header = ParagraphStyle(
        "CellHeader", parent=cell, fontName=CONDENSED_BOLD, fontSize=7.5, textColor=muted
    )
    return Stylesheet(
        body=body,
        body_small=ParagraphStyle("BodySmall", parent=body, fontSize=8.5, leading=11.5),
        # One short line after another (the handout's goals and risks): a paragraph's gap
        # between them would take the room of a line each.
        list_small=ParagraphStyle(
            "ListSmall",
            parent=body,
            fontSize=8.5,
            leading=11.5,
            spaceAfter=2,
            leftIndent=7,  # a wrapped line starts under the text, not under the bullet
            firstLineIndent=-7,
        ),
        lead=ParagraphStyle("Lead", parent=body, fontSize=11.5, leading=16, spaceAfter=8),
        bullet=ParagraphStyle(
            "Bullet", parent=body, leftIndent=12, bulletIndent=2, spaceAfter=3, bulletFontName=SANS
        ),
        h1=ParagraphStyle(
            "H1",
            parent=body,
            fontName=SANS_BOLD,
            fontSize=16,
            leading=20,
            textColor=accent,
            spaceBefore=18,  # dropped at the top of a page
            spaceAfter=10,
            keepWithNext=True,
        ),
        h2=ParagraphStyle(
            "H2",
            parent=body,
            fontName=SANS_BOLD,
            fontSize=11.5,
            leading=15,
            textColor=accent,
            spaceBefore=10,
            spaceAfter=5,
        ),
        h3=ParagraphStyle(
            "H3",
            parent=body,
            fontName=SANS_BOLD,
            fontSize=9.5,
            leading=12.5,
            spaceBefore=6,
            spaceAfter=2,
            keepWithNext=True,
        ),
        caption=ParagraphStyle(
            "Caption",
            parent=body,
            fontName=SANS_ITALIC,
            fontSize=8.5,
            leading=11.5,
            textColor=muted,
            spaceBefore=4,
            spaceAfter=12,
        ),
        table_caption=ParagraphStyle(
            "TableCaption",
            parent=body,
            fontName=SANS_ITALIC,
            fontSize=8.5,
            leading=11.5,
            textColor=muted,
            spaceBefore=8,
            spaceAfter=5,
        ),
        note=ParagraphStyle(
            "Note", parent=body, fontSize=8, leading=10.5, textColor=muted, spaceAfter=4
        ),
        cell=cell,
        cell_bold=ParagraphStyle("CellBold", parent=cell, fontName=CONDENSED_BOLD),
        cell_number=cell_number,
        cell_number_bold=ParagraphStyle(
            "CellNumberBold", parent=cell_number, fontName=CONDENSED_BOLD
        ),
        cell_header=header,
        cell_header_number=ParagraphStyle("CellHeaderNumber", parent=header, alignment=TA_RIGHT),
        cover_title=ParagraphStyle(
            "CoverTitle",
            parent=body,
            fontName=SANS_BOLD,
            fontSize=26,
            leading=32,
            textColor=accent,
            spaceAfter=14,
        ),
        cover_subtitle=ParagraphStyle(
            "CoverSubtitle", parent=body, fontSize=14, leading=19, textColor=ink, spaceAfter=6
        ),
        cover_meta=ParagraphStyle(
            "CoverMeta", parent=body, fontSize=10, leading=15, textColor=muted, spaceAfter=2
        ),
        figure_big=ParagraphStyle(
            "FigureBig",
            parent=body,
            fontName=SANS_BOLD,
            fontSize=15,
            leading=18,
            textColor=accent,
            spaceAfter=0,
        ),
        figure_label=ParagraphStyle(
            "FigureLabel", parent=body, fontSize=7.5, leading=9.5, textColor=muted, spaceAfter=0
        ),
        toc_levels=(
            ParagraphStyle(
                "TOC1", parent=body, fontSize=10.5, leading=15, leftIndent=0, firstLineIndent=0
            ),
            ParagraphStyle(
                "TOC2",
                parent=body,
                fontSize=9,
                leading=12,
                leftIndent=14,
                firstLineIndent=0,
                textColor=muted,
            ),
        ),
    )


def table_style_commands(
    *, header_rows: int = 1, total_row: bool = False, rows: int = 0, banded: bool = False
) -> list[tuple[Any, ...]]:
    """Light rules: a strong line under the header, hairlines between rows, a strong line above
    a totals row; no vertical lines."""
    rule, strong = color(PALETTE.rule), color(PALETTE.rule_strong)
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8, strong),
        ("LINEBELOW", (0, header_rows), (-1, -1), 0.25, rule),
        ("VALIGN", (0, 0), (-1, header_rows - 1), "BOTTOM"),
    ]
    if total_row:
        commands += [
            ("LINEABOVE", (0, -1), (-1, -1), 0.8, strong),
            ("LINEBELOW", (0, -1), (-1, -1), 0.8, strong),
        ]
    if banded and rows:
        band = color(PALETTE.band)
        for row in range(header_rows, rows, 2):
            commands.append(("BACKGROUND", (0, row), (-1, row), band))
    return commands
