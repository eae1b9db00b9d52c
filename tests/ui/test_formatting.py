"""How a table cell shows a stored number: grouped so it reads at a glance, typed back plain."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop.services.fields import ENTITY_FIELDS
from desktop.ui.formatting import display_text, edit_text


def test_a_measures_baseline_and_target_are_grouped_like_every_other_figure() -> None:
    specs = {spec.name: spec for spec in ENTITY_FIELDS["metric"]}
    baseline, target = specs["baseline"], specs["target"]
    assert display_text(baseline, Decimal("285000")) == "285,000"
    assert display_text(target, Decimal("1234.50")) == "1,234.5"
    assert display_text(target, Decimal("-0.5")) == "-0.5"
    assert edit_text(baseline, Decimal("285000")) == "285000"  # typed over without commas


def test_a_refused_percentage_quotes_what_was_typed() -> None:
    """Typing "three" as the discount rate was refused as "'three%' is not a number"."""
    from desktop.services.fields import FieldError, field_spec
    from desktop.ui.formatting import parse_typed

    with pytest.raises(FieldError) as refused:
        parse_typed(field_spec("proposal", "discount_rate"), "three")
    assert refused.value.message == "'three' is not a number"
