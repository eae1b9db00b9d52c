"""Helpers for the report tests: render a proposal and read the PDF back as a user would see it
(page count, page size, text, metadata)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pypdf

from desktop.finance import compute
from desktop.finance.inputs import ProposalInput
from desktop.finance.result import ProposalResult
from desktop.report import render_business_case

PRINTED_ON = date(2027, 3, 15)


@dataclass(frozen=True)
class ReadBack:
    pdf: bytes
    reader: pypdf.PdfReader
    pages: list[str]  # the text of each page, as extracted

    @property
    def page_count(self) -> int:
        return len(self.reader.pages)

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    @property
    def squashed(self) -> str:
        """All text with whitespace removed, so a line break inside a phrase does not matter."""
        return squash(self.text)

    def page_size(self, index: int = 0) -> tuple[float, float]:
        box = self.reader.pages[index].mediabox
        return float(box.width), float(box.height)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def read_back(pdf: bytes) -> ReadBack:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return ReadBack(pdf, reader, [page.extract_text() for page in reader.pages])


def render(
    data: ProposalInput,
    result: ProposalResult | None = None,
    *,
    handout: bool = False,
    paper: str = "letter",
) -> ReadBack:
    result = result if result is not None else compute(data)
    pdf = render_business_case(data, result, handout=handout, paper=paper, generated_on=PRINTED_ON)
    return read_back(pdf)


def context_for(data: ProposalInput, result: ProposalResult) -> Any:
    """A report context on a letter page, as the build makes one, for testing one section."""
    from desktop.report.context import ReportContext
    from desktop.report.fonts import register_fonts
    from desktop.report.styles import INCH, MARGIN_SIDE, stylesheet

    return ReportContext(
        data=data,
        result=result,
        coverage=register_fonts(),
        styles=stylesheet(),
        width=8.5 * INCH - 2 * MARGIN_SIDE,
        height=9 * INCH,
        generated_on=PRINTED_ON,
    )


def made_proposal(tmp_path_factory: Any, make: Callable[[Any], int]) -> ProposalInput:
    """The proposal ``make`` adds to a new library (``add_sample_proposal``,
    ``create_from_template``), as the report reads it."""
    from desktop.services.library import open_library
    from desktop.services.snapshot import proposal_input

    library = open_library(tmp_path_factory.mktemp("made") / "library.buyinlib")
    try:
        return proposal_input(library, make(library))
    finally:
        library.close()
