"""Page breaks a reader would notice: a section heading and a table's caption never sit alone at
the foot of a page while their table starts on the next, however tall the table's first row."""

from __future__ import annotations

import io
from decimal import Decimal

import pypdf
import pytest
from reportlab.lib.pagesizes import LETTER
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

from desktop.report.build import caption_tables
from desktop.report.context import TableCaption
from desktop.report.document import Heading
from desktop.report.fonts import register_fonts
from desktop.report.styles import stylesheet
from desktop.report.tables import SPLIT_ROWS, header_cell, make_table, number_cell, text_cell


def _pages(room_used: float | None, first_row_lines: int) -> list[str]:
    """The pages' text when a section opening with a table starts ``room_used`` points down
    the first page (``None``: at the top of the second)."""
    register_fonts()
    styles = stylesheet()
    tall = "<br/>".join(f"Line {n} of the first item's notes" for n in range(first_row_lines))
    rows = [
        [header_cell("Item"), header_cell("Total", numeric=True)],
        [text_cell(f"FIRST-ROW {tall}"), number_cell("$1.00")],
        *[[text_cell(f"Item {n}"), number_cell("$1.00")] for n in range(40)],
    ]
    story = [
        Paragraph("Text before the section.", styles.body),
        PageBreak() if room_used is None else Spacer(1, room_used),
        Heading("Appendix heading", styles.h1, level=0, outline_text="Appendix heading"),
        TableCaption("<b>Table 1</b> — the caption", styles.table_caption),
        make_table(rows, [300, 100]),
    ]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=LETTER).build(caption_tables(story))
    reader = pypdf.PdfReader(io.BytesIO(buffer.getvalue()))
    return [page.extract_text() for page in reader.pages]


@pytest.mark.parametrize("first_row_lines", [1, 12, 24])
def test_heading_caption_and_first_row_share_a_page(first_row_lines: int) -> None:
    for room_used in range(300, 600, 15):  # where the section starts down the first page
        pages = _pages(room_used, first_row_lines)
        assert all(text.strip() for text in pages), (room_used, "a blank page")
        where = [
            next(n for n, text in enumerate(pages) if marker in text)
            for marker in ("Appendix heading", "the caption", "FIRST-ROW")
        ]
        assert len(set(where)) == 1, (room_used, where)


@pytest.mark.parametrize("first_row_lines", [45, 60])
def test_a_first_row_near_a_page_tall_leaves_no_blank_page(first_row_lines: int) -> None:
    """A first row nearly a page tall cannot join its heading on a part-used page; the section
    then starts where it is, or stays at the top of the page it opens, never after a blank."""
    for room_used in (None, 0, 300):
        pages = _pages(room_used, first_row_lines)
        assert all(text.strip() for text in pages), (room_used, len(pages))


def test_a_first_row_taller_than_a_page_leaves_no_blank_page() -> None:
    """A row too tall for any page is split where it starts (as the build does when a row
    cannot be placed whole); no page is left blank waiting for it."""
    splitting = SPLIT_ROWS.set(True)
    try:
        for room_used in (None, 0, 200, 500):
            pages = _pages(room_used, 70)
            assert all(text.strip() for text in pages), (room_used, len(pages))
    finally:
        SPLIT_ROWS.reset(splitting)


def test_an_amount_too_wide_for_its_cell_breaks_after_its_code_not_inside_the_number() -> None:
    """Joined to its code by a no-break space, "CAD 50,000.50" in a narrow cell of the measures
    table was cut inside the number ("CAD 50,000.5" over "0")."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from desktop.finance.money import format_money
    from desktop.report.tables import text_cell

    register_fonts()
    amount = format_money(Decimal("50000.50"), "CAD")
    narrow = text_cell(amount)
    style = narrow.style
    number_width = stringWidth("50,000.50", style.fontName, style.fontSize)
    narrow.wrap(number_width + 2, 1000)
    assert [" ".join(line[1]) for line in narrow.blPara.lines] == ["CAD", "50,000.50"]
    wide = text_cell(f"Target {amount}")
    wide.wrap(400, 1000)
    assert len(wide.blPara.lines) == 1
    # A loss keeps its minus sign with its code: the two are measured together.
    loss = format_money(Decimal("-50000.50"), "CAD")
    cell = text_cell(loss)
    cell.wrap(stringWidth(amount, style.fontName, style.fontSize) + 1, 1000)
    assert [" ".join(line[1]) for line in cell.blPara.lines] == ["\u2212CAD", "50,000.50"]
