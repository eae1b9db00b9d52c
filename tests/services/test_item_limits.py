"""An edit that would take an item past what the engine computes (more than a trillion a year)
is refused before it is saved, naming the field: saved, it left the proposal without figures and
every export refused until someone found the figure."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop.finance import compute
from desktop.finance.validation import validate
from desktop.services.editing import (
    add_rows,
    check_rows,
    list_rows,
    scenario_entries,
    set_scenario_entry,
    update_proposal,
    update_row,
    update_rows,
)
from desktop.services.fields import FieldError
from desktop.services.library import Library
from desktop.services.snapshot import proposal_input


def _state(library: Library, proposal_id: int) -> tuple[object, ...]:
    return (
        list_rows(library, proposal_id, "item"),
        scenario_entries(library, proposal_id),
    )


def test_a_cost_past_the_yearly_limit_is_refused_by_field_and_nothing_changes(
    library: Library, sample_id: int
) -> None:
    before = _state(library, sample_id)
    item = list_rows(library, sample_id, "item")[0]  # 240 access points
    with pytest.raises(FieldError) as refused:
        update_row(library, "item", item["id"], {"unit_cost": "200000000000"})
    assert refused.value.label == "One-time cost per unit"
    assert refused.value.message == (
        "The quantity × the unit cost comes to more than $1,000,000,000,000 in a year. "
        "Check both figures"
    )
    with pytest.raises(FieldError) as refused:
        update_row(library, "item", item["id"], {"recurring_unit_cost": "5000000000"})
    assert refused.value.label == "Recurring cost per unit per year"
    assert _state(library, sample_id) == before
    assert not validate(proposal_input(library, sample_id))


def test_a_cost_that_only_rising_prices_take_past_the_limit_says_so(
    library: Library, sample_id: int
) -> None:
    update_proposal(library, sample_id, {"purchase_escalation_rate": "0.5"})
    item = list_rows(library, sample_id, "item")[0]
    # 240 × $3,000,000,000 = $720 billion in year 1, × 1.5⁴ by year 5.
    with pytest.raises(FieldError, match="by the plan's last year, prices rising"):
        update_row(library, "item", item["id"], {"unit_cost": "3000000000"})


def test_a_pasted_block_and_new_rows_are_refused_whole(library: Library, sample_id: int) -> None:
    before = _state(library, sample_id)
    items = list_rows(library, sample_id, "item")
    fine, huge = {"unit_cost": "10.00"}, {"quantity": "900000", "unit_cost": "9000000"}
    with pytest.raises(FieldError):
        update_rows(library, "item", {items[0]["id"]: fine, items[1]["id"]: huge})
    with pytest.raises(FieldError):
        add_rows(library, sample_id, "item", [{"name": "Ok"}, {"name": "Too much", **huge}])
    with pytest.raises(FieldError):
        check_rows(library, sample_id, "item", {items[0]["id"]: fine}, [{"name": "X", **huge}])
    assert _state(library, sample_id) == before
    # A check that passes changes nothing either.
    check_rows(library, sample_id, "item", {items[0]["id"]: fine}, [{"name": "Fine"}])
    assert _state(library, sample_id) == before


def test_a_scenario_quantity_past_the_limit_is_refused(library: Library, sample_id: int) -> None:
    data = proposal_input(library, sample_id)
    scenario = data.scenarios[0]
    item = max(data.items, key=lambda i: i.unit_cost)  # so the quantity stays a valid one
    before = _state(library, sample_id)
    too_many = str(int(Decimal("2e12") / item.unit_cost))
    with pytest.raises(FieldError, match="comes to more than"):
        set_scenario_entry(library, scenario.key, item.key, True, too_many)
    assert _state(library, sample_id) == before
    assert compute(proposal_input(library, sample_id)).tco_total == compute(data).tco_total


def test_a_price_rise_or_horizon_that_takes_an_item_past_the_limit_is_refused(
    library: Library, sample_id: int
) -> None:
    """A steeper price rise or a longer plan scales every item: with 240 access points at
    $3,000,000,000 ($720 billion a year), 50% a year took them past the limit by year 5 and
    the figures went blank. Now the change is refused, naming the item."""
    from desktop.services.proposals import proposal_basics

    item = list_rows(library, sample_id, "item")[0]
    update_row(library, "item", item["id"], {"unit_cost": "3000000000"})
    before = proposal_basics(library, sample_id)
    for change in ({"purchase_escalation_rate": "0.5"}, {"horizon_years": 30}):
        with pytest.raises(FieldError) as refused:
            update_proposal(library, sample_id, {**change, "students": 5000})
        field = next(iter(change))
        assert refused.value.label == (
            "Yearly price increase (purchases)" if field != "horizon_years" else
            "Planning horizon (years)"
        )  # fmt: skip
        assert f"item “{item['name']}”" in refused.value.message
        assert "more than $1,000,000,000,000" in refused.value.message
        assert proposal_basics(library, sample_id) == before  # not even the students
    update_proposal(library, sample_id, {"purchase_escalation_rate": "0.05"})  # within it


def test_a_proposal_already_past_the_limit_can_be_brought_back_step_by_step(
    library: Library, sample_id: int
) -> None:
    """Refusing every change that leaves an item past the limit would stop a director from
    lowering an earlier Buy-In's rate a little at a time."""
    from tests.services.limit_support import put_past_the_limit

    put_past_the_limit(library, sample_id)
    assert validate(proposal_input(library, sample_id))
    update_proposal(library, sample_id, {"purchase_escalation_rate": "0.2"})  # still past it
    update_proposal(library, sample_id, {"purchase_escalation_rate": "0.02"})
    assert not validate(proposal_input(library, sample_id))


def test_a_scenario_quantity_past_the_limit_is_named_as_the_quantity(
    library: Library, sample_id: int
) -> None:
    """A scenario quantity of 1e9 was refused as "One-time cost per unit: …": the director
    looked for a wrong price, while what they had typed was the quantity."""
    data = proposal_input(library, sample_id)
    scenario = data.scenarios[0]
    item = max(data.items, key=lambda i: i.unit_cost)
    before = _state(library, sample_id)
    with pytest.raises(FieldError) as refused:
        set_scenario_entry(library, scenario.key, item.key, True, "1e9")
    assert refused.value.label == "Quantity"
    assert str(refused.value) == (
        f"Quantity: 1,000,000,000 of “{item.name}” in the scenario “{scenario.name}” is more "
        "than the figures can hold: the quantity × the unit cost comes to more than "
        "$1,000,000,000,000 in a year"
    )
    assert _state(library, sample_id) == before
