"""Numbers as a director types them into a field: what gets stored."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop.services.fields import FieldError, parse_field


@pytest.mark.parametrize("typed", ["46%", "46 %", " 46% ", "46"])
def test_a_measure_typed_with_a_percent_sign_keeps_its_number(typed: str) -> None:
    """A metric's baseline and target are in the metric's own unit: "46%" of a "%" metric is 46,
    which the table, the PDF ("46% → 54%") and the workbook show as typed."""
    assert parse_field("metric", "baseline", typed) == Decimal(46)
    assert parse_field("metric", "target", typed) == Decimal(46)


def test_a_likelihood_still_reads_a_percent_sign_as_a_share() -> None:
    assert parse_field("risk", "likelihood_before", "16%") == Decimal("0.16")


@pytest.mark.parametrize("typed", ["%", "abc%", "46%%"])
def test_a_measure_that_is_not_a_number_is_refused_by_name(typed: str) -> None:
    with pytest.raises(FieldError) as refused:
        parse_field("metric", "baseline", typed)
    assert "Baseline" in str(refused.value) and repr(typed) in str(refused.value)


def test_a_calendar_year_in_a_plan_year_field_says_what_the_field_wants() -> None:
    """ "2028" as an item's start year said only "must be at most 30"."""
    with pytest.raises(FieldError) as refused:
        parse_field("item", "start_year", "2028")
    message = str(refused.value)
    assert "plan year" in message and "1 = the first fiscal year" in message
    assert "2028" in message and "2,028" not in message
    assert parse_field("item", "start_year", "3") == 3


@pytest.mark.parametrize(("entity", "name"), [("proposal", "fiscal_year_start"),
                                              ("metric", "target_year")])  # fmt: skip
def test_a_year_out_of_range_is_written_as_a_year(entity: str, name: str) -> None:
    """ "must be at least 2,000": a year has no thousands separator."""
    with pytest.raises(FieldError) as refused:
        parse_field(entity, name, "1900")
    assert "at least 2000" in str(refused.value)
    with pytest.raises(FieldError) as refused:
        parse_field(entity, name, "2300")
    assert "at most 2100" in str(refused.value)
