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
