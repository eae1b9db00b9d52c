"""Page breaks a reader would notice: a section heading and a table's caption never sit alone at
the foot of a page while their table starts on the next, however tall the table's first row."""

from __future__ import annotations

import io

import pypdf
import pytest
from reportlab.lib.pagesizes import LETTER
from reportlab.platypus import SimpleDocTemplate, Spacer

from desktop.report.build import caption_tables
from desktop.report.context import TableCaption
from desktop.report.document import Heading
from desktop.report.fonts import register_fonts
from desktop.report.styles import stylesheet
from desktop.report.tables import header_cell, make_table, number_cell, text_cell


def _pages(room_used: float, first_row_lines: int) -> list[str]:
    register_fonts()
    styles = stylesheet()
    tall = "<br/>".join(f"Line {n} of the first item's notes" for n in range(first_row_lines))
    rows = [
        [header_cell("Item"), header_cell("Total", numeric=True)],
        [text_cell(f"FIRST-ROW {tall}"), number_cell("$1.00")],
        *[[text_cell(f"Item {n}"), number_cell("$1.00")] for n in range(40)],
    ]
    story = [
        Spacer(1, room_used),
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
    for room_used in range(300, 640, 15):  # where the section starts down the first page
        pages = _pages(room_used, first_row_lines)
        where = [
            next(n for n, text in enumerate(pages) if marker in text)
            for marker in ("Appendix heading", "the caption", "FIRST-ROW")
        ]
        assert len(set(where)) == 1, (room_used, where)
