"""How the business case falls on its pages, as a CFO turning them would notice: a currency
written as a code does not double the appendix, headings stay with what they introduce, long
tables split cleanly, and a table's last row is not left alone overleaf."""

from __future__ import annotations

import copy
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdf
import pytest
from reportlab.lib.pagesizes import LETTER
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

from desktop.finance import compute
from desktop.finance.inputs import ProposalInput
from desktop.paths import SAMPLE_FILE, resource
from desktop.report import sections_back
from desktop.report.build import caption_tables
from desktop.report.context import TableCaption
from desktop.report.document import Heading
from desktop.report.fonts import register_fonts
from desktop.report.styles import INCH, stylesheet
from desktop.report.tables import ROWS_OVERLEAF, header_cell, make_table, number_cell, text_cell
from desktop.services.library import open_library
from desktop.services.proposal_format import import_document
from desktop.services.snapshot import proposal_input

from .report_support import ReadBack, context_for, render, squash


def sample_document() -> dict[str, Any]:
    return json.loads(Path(resource(*SAMPLE_FILE)).read_text(encoding="utf-8"))


def in_cad(document: dict[str, Any]) -> dict[str, Any]:
    document = copy.deepcopy(document)
    document["proposal"]["currency"] = "CAD"
    return document


def long_plan(document: dict[str, Any]) -> dict[str, Any]:
    """The sample over ten years in CAD, its items four times over (64 in all) and its funding
    sources three times over (14, names on two lines), each source's first amount every
    year."""
    document = in_cad(document)
    document["proposal"]["horizon_years"] = 10
    items = []
    for copy_number in range(4):
        for item in document["items"]:
            item = copy.deepcopy(item)
            if copy_number:
                item["ref"] = f"{item['ref']}{copy_number}"
                item["name"] += f" ({copy_number})"
                item["goals"], item["risks"], item["metrics"] = [], [], []
            items.append(item)
    document["items"] = items[:64]
    sources = []
    for copy_number in range(3):
        for source in document["funding"]:
            source = copy.deepcopy(source)
            if copy_number:
                source["ref"] = f"{source['ref']}{copy_number}"
                source["name"] += f", allocation {copy_number} as approved by the board in spring"
            first = next(iter(source["amounts"].values()), "1000.00")
            source["amounts"] = {str(year): first for year in range(1, 11)}
            sources.append(source)
    document["funding"] = sources[:14]
    # Named alike but for their end, past 80 characters.
    alike = (
        "A board-adopted alternative that keeps the network, security and devices but trims "
        "staffing to match the budget, option "
    )
    for scenario, letter in zip(document["scenarios"], "ABC", strict=False):
        scenario["name"] = alike + letter
    return document


@dataclass(frozen=True)
class Printed:
    data: ProposalInput
    full: ReadBack


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Printed]]:
    library = open_library(tmp_path_factory.mktemp("pagination") / "library.buyinlib")
    try:
        sample = sample_document()
        documents = {"usd": sample, "cad": in_cad(sample), "long": long_plan(sample)}
        inputs = {
            key: proposal_input(library, import_document(library, document))
            for key, document in documents.items()
        }
    finally:
        library.close()
    yield {key: Printed(data, render(data)) for key, data in inputs.items()}


def _first_page_with(document: ReadBack, text: str) -> int:
    """The first page after the contents that shows ``text``."""
    return next(
        index
        for index, page in enumerate(document.pages)
        if index > 1 and squash(text) in squash(page)
    )


def test_a_currency_code_leaves_the_item_details_room_for_their_names(
    printed: dict[str, Printed],
) -> None:
    """In CAD the code in every money cell squeezed the names to 0.75 inch ("Spare-devi ce
    pool") and the appendix ran to ten pages instead of four."""
    for key in ("usd", "cad", "long"):
        data = printed[key].data
        story = sections_back.item_details(context_for(data, compute(data)))
        table = next(flowable for flowable in story if isinstance(flowable, Table))
        assert table._colWidths[0] >= 2 * INCH, key
    usd, cad = printed["usd"].full, printed["cad"].full
    heading = "Appendix B — Item details"
    usd_pages = usd.page_count - _first_page_with(usd, heading)
    cad_pages = cad.page_count - _first_page_with(cad, heading)
    assert cad_pages <= usd_pages
    appendix = cad.text.split(heading)[-1]
    # Whole words on each line of the names, the code said once above its column.
    assert "Spare-device pool (5% of the fleet)" in appendix
    assert squash("Unit cost (CAD)") in squash(appendix)
    # The long plan's appendix: 64 items took 38 pages.
    long = printed["long"].full
    assert long.page_count - _first_page_with(long, heading) <= 12


# A table's money cell as the PDF's text gives it back, one figure a line: "−CAD 1,234.50",
# "$1,234.50" or "1,234.50".
_MONEY_CELL = re.compile(r"\s*(\u2212?)(CAD\s|\$)?([\d,]+\.\d\d)\s*")


def _money_cells(document: ReadBack, first_page: int) -> list[tuple[str, str]]:
    """Each money cell from ``first_page`` on, as (what precedes the figure, the figure)."""
    cells = []
    for page in document.pages[first_page:]:
        for line in page.splitlines():
            if found := _MONEY_CELL.fullmatch(line):
                sign, prefix, digits = found.groups()
                cells.append(((prefix or "").strip(), sign + digits))
    return cells


def test_a_currency_code_is_said_once_over_each_table_not_in_its_cells(
    printed: dict[str, Printed],
) -> None:
    """In CAD every cell of the year-by-year tables, the risk register, the scenarios and the
    sensitivity read "CAD 12,000.00": the columns widened until five years no longer fit across
    a page, and the case ran three pages longer than in dollars. The code is said once, over
    the table; the figures are those of the dollar case, to the cent."""
    usd, cad = printed["usd"].full, printed["cad"].full
    assert cad.page_count <= usd.page_count
    # After the executive summary, whose headline figures keep their code.
    start = _first_page_with(cad, "From business problems to solutions")
    usd_cells, cad_cells = _money_cells(usd, start), _money_cells(cad, start)
    assert len(cad_cells) > 300
    assert {prefix for prefix, _figure in cad_cells} == {""}
    assert {prefix for prefix, _figure in usd_cells} == {"$"}  # dollars as ever
    assert sorted(figure for _p, figure in cad_cells) == sorted(f for _p, f in usd_cells)
    # Once over each table: the four year-by-year tables and the scenarios in a corner, the
    # other tables over their money columns.
    assert squash(cad.text).count("AmountsinCAD") == 5
    assert "Amounts in" not in usd.text
    for header in ("Replacement cost (CAD)", "Avoided a year (CAD)", "Swing (CAD)"):
        assert squash(header) in cad.squashed, header
    # The handout's funding table too: in CAD it added up its last two years in one column.
    usd_handout = render(printed["usd"].data, handout=True)
    cad_handout = render(printed["cad"].data, handout=True)
    cells = _money_cells(cad_handout, 1)
    assert cells and {prefix for prefix, _figure in cells} == {""}
    assert sorted(cells) == sorted(("", f) for _p, f in _money_cells(usd_handout, 1))
    assert "Amounts in CAD" in cad_handout.pages[1]


def _laid_out(story: list[Any]) -> list[str]:
    """The pages' text of ``story`` on letter pages, laid out as the build lays out the case."""
    register_fonts()
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=LETTER).build(caption_tables(story))
    reader = pypdf.PdfReader(io.BytesIO(buffer.getvalue()))
    return [page.extract_text() for page in reader.pages]


def _section(room_used: float, rows: list[list[Any]], *, keep_whole: bool) -> list[Any]:
    """A section as the case opens one: heading, a paragraph of introduction, a caption and
    its table, ``room_used`` points down a page."""
    styles = stylesheet()
    intro = " ".join(["The paragraph that introduces the table below it."] * 6)
    return [
        Paragraph("Text before the section.", styles.body),
        Spacer(1, room_used),
        Heading("Section heading", styles.h1, level=0, outline_text="Section heading"),
        Paragraph(f"INTRO {intro}", styles.body),
        TableCaption("<b>Table 1</b> — the caption", styles.table_caption),
        make_table(rows, [300, 100], keep_whole=keep_whole),
    ]


def _rows(count: int, first_row_lines: int = 1) -> list[list[Any]]:
    register_fonts()
    tall = "<br/>".join(f"Line {n} of the first row" for n in range(first_row_lines))
    return [
        [header_cell("Item"), header_cell("Total", numeric=True)],
        [text_cell(f"ROW-0 {tall}"), number_cell("$1.00")],
        *[[text_cell(f"ROW-{n}"), number_cell("$1.00")] for n in range(1, count)],
    ]


def _page_of(pages: list[str], marker: str) -> int:
    return next(n for n, text in enumerate(pages) if marker in text)


@pytest.mark.parametrize("first_row_lines", [1, 10])
def test_a_heading_and_its_introduction_stay_with_the_first_row_of_their_table(
    first_row_lines: int,
) -> None:
    """The risk register's heading and introduction were left at a page's foot, a quarter of
    it blank, the caption and the table (its first row tall) overleaf."""
    for room_used in range(250, 620, 15):
        pages = _laid_out(_section(room_used, _rows(30, first_row_lines), keep_whole=False))
        assert all(text.strip() for text in pages), room_used
        where = {_page_of(pages, marker) for marker in ("Section heading", "INTRO", "ROW-0")}
        assert len(where) == 1, (room_used, where)


def test_a_short_table_kept_whole_stays_on_the_page_of_its_heading() -> None:
    """The eight-row sensitivity table left its last row alone on the next page."""
    for room_used in range(250, 620, 15):
        pages = _laid_out(_section(room_used, _rows(8, 3), keep_whole=True))
        where = {_page_of(pages, marker) for marker in ("Section heading", "ROW-0", "ROW-7")}
        assert len(where) == 1, (room_used, where)


def test_a_long_table_never_leaves_one_or_two_rows_alone_overleaf() -> None:
    for count in range(30, 40):
        for room_used in (0, 5, 10):
            pages = _laid_out(_section(room_used, _rows(count), keep_whole=True))
            overleaf = [n for n in range(count) if f"ROW-{n}\n" in pages[-1]]
            assert len(pages) == 1 or len(overleaf) >= ROWS_OVERLEAF, (count, room_used, overleaf)


def _blank_share(pdf: bytes, page: int) -> float:
    """How much of a page's body, from its header rule down, has nothing printed: the lowest
    text line's distance from the page's foot over the page's height."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    lowest: list[float] = []

    def visit(text: str, _cm: object, tm: list[float], _font: object, _size: float) -> None:
        if text.strip() and tm[5] > 60:  # above the footer
            lowest.append(tm[5])

    reader.pages[page].extract_text(visitor_text=visit)
    height = float(reader.pages[page].mediabox.height)
    return (min(lowest) - 60) / height if lowest else 1.0


def test_a_long_plans_funding_starts_under_its_heading_and_splits_cleanly(
    printed: dict[str, Printed],
) -> None:
    """Ten years and fourteen sources: the heading and its paragraph stood alone on a page,
    80% of it blank, and the table's last rows alone on another."""
    long = printed["long"].full
    start = _first_page_with(long, "How it is funded")
    # The table begins under its heading, and its page is used to the foot.
    assert squash("Table") in squash(long.pages[start].split("How it is funded")[-1])
    assert _blank_share(long.pdf, start) < 0.15
    # Every page of the funding section (up to the risk register) is at most a third blank,
    # but for its last.
    end = _first_page_with(long, "Risk register")
    for page in range(start, end - 1):
        assert _blank_share(long.pdf, page) < 0.35, page


def test_the_sensitivity_table_is_whole_on_the_page_of_its_heading(
    printed: dict[str, Printed],
) -> None:
    for key, document in printed.items():
        page = _first_page_with(document.full, "What moves the result most")
        last = compute(document.data).sensitivity.lines[-1].label
        assert squash(last) in squash(document.full.pages[page]), key


def test_scenarios_named_alike_but_for_their_end_head_their_columns_apart(
    printed: dict[str, Printed],
) -> None:
    """Names cut at 80 characters read the same over every column ("… trims staffing to…")."""
    long = printed["long"].full
    page = squash(long.pages[_first_page_with(long, "Each scenario keeps the same goals")])
    for letter in "ABC":
        assert squash(f"option {letter}") in page, letter
