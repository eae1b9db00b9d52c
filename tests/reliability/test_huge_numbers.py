"""Numbers no district could mean — 1e30 dollars, 10^100,000,000 students, a float of 1e308 in a
vendor's spreadsheet — are refused with the field named, at once: no arithmetic error escapes,
and nothing spends minutes expanding a number's digits."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from openpyxl import Workbook

from desktop.services.fields import FieldError, parse_field
from desktop.services.item_import import import_items_file
from desktop.services.library import Library
from desktop.services.proposals import add_sample_proposal
from desktop.services.snapshot import proposal_input


@pytest.mark.parametrize(
    ("entity", "name", "raw"),
    [
        ("item", "unit_cost", "1e26"),
        ("item", "unit_cost", "123456789012345678901234567890"),
        ("item", "quantity", "1e30"),
        ("item", "recurring_unit_cost", 1e308),
        ("proposal", "students", "1e100000000"),
        ("proposal", "horizon_years", "1e999999999"),
        ("item", "lifespan_years", "9" * 5000),
        ("metric", "baseline", "1e400"),
    ],
)
def test_an_impossible_size_is_refused_at_once_naming_the_field(
    entity: str, name: str, raw: object
) -> None:
    started = time.process_time()
    with pytest.raises(FieldError) as refused:
        parse_field(entity, name, raw)
    assert time.process_time() - started < 5  # refused, not expanded (which took minutes)
    assert refused.value.label and refused.value.message
    assert len(str(refused.value)) < 120


def test_a_quote_with_a_float_of_1e308_is_refused_by_row_and_column(
    library: Library, tmp_path: Path
) -> None:
    sample = add_sample_proposal(library)
    before = proposal_input(library, sample)
    book = Workbook()
    sheet = book.active
    sheet.append(["Item", "Quantity", "Unit price"])
    sheet.append(["Access point", 10, 1e308])
    path = tmp_path / "quote.xlsx"
    book.save(path)
    report = import_items_file(library, sample, path)
    (error,) = report.errors
    assert (error.row, error.column) == (2, "Unit price")
    assert "far too large" in error.reason
    assert proposal_input(library, sample) == before  # nothing imported
