"""How the business case falls on its pages, as a CFO turning them would notice: a currency
written as a code does not double the appendix, headings stay with what they introduce, long
tables split cleanly, and a table's last row is not left alone overleaf."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from reportlab.platypus import Table

from desktop.finance import compute
from desktop.finance.inputs import ProposalInput
from desktop.paths import SAMPLE_FILE, resource
from desktop.report import sections_back
from desktop.report.styles import INCH
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
    sources three times over (14), each source's first amount every year."""
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
                source["name"] += f" ({copy_number})"
            first = next(iter(source["amounts"].values()), "1000.00")
            source["amounts"] = {str(year): first for year in range(1, 11)}
            sources.append(source)
    document["funding"] = sources[:14]
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
