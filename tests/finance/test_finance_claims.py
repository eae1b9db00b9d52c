"""Savings checked against the money measures meant to prove them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop.finance.claims import SAVINGS_PAST_TARGET, savings_past_targets
from desktop.finance.engine import compute
from desktop.finance.inputs import MetricInput
from desktop.finance.money import is_money_unit
from desktop.finance.result import Severity
from desktop.finance.summary import summary_json
from desktop.vocabulary import MetricArea
from tests.finance.finance_factories import item, proposal

D = Decimal


def print_spend(key: int = 1, baseline: str | None = "240000", target: str | None = "150000",
                unit: str = "USD") -> MetricInput:  # fmt: skip
    return MetricInput(
        key=key,
        name="Spending on printed workbooks",
        area=MetricArea.BUSINESS_RESULTS,
        unit=unit,
        baseline=None if baseline is None else D(baseline),
        target=None if target is None else D(target),
        target_year=2030,
    )


def reading(key: int = 2) -> MetricInput:
    return MetricInput(
        key=key,
        name="Reading at grade level",
        area=MetricArea.STUDENT_RESULTS,
        unit="%",
        baseline=D(46),
        target=D(54),
        target_year=2030,
    )


def test_savings_beyond_the_targets_drop_are_asked_about_with_both_figures() -> None:
    licenses = item(1, "Curriculum licenses", annual_savings="100800", metric_keys=(1, 2))
    flags = savings_past_targets(proposal(items=[licenses], metrics=[print_spend(), reading()]))
    assert len(flags) == 1
    flag = flags[0]
    assert flag.code == SAVINGS_PAST_TARGET and flag.severity is Severity.WARNING
    message = flag.message
    assert "\u201cSpending on printed workbooks\u201d" in message
    assert "\u201cCurriculum licenses\u201d" in message
    assert "$100,800 a year" in message
    assert "$90,000 a year" in message
    assert "$240,000 down to $150,000 by 2030) by $10,800 a year: lower the savings" in message


def test_savings_within_the_drop_raise_nothing() -> None:
    within = item(1, "Curriculum licenses", annual_savings="90000", metric_keys=(1,))
    assert savings_past_targets(proposal(items=[within], metrics=[print_spend()])) == ()


def test_several_items_are_added_up_and_named() -> None:
    items = [
        item(key, f"Saver {key}", annual_savings="25000", metric_keys=(1,)) for key in range(1, 6)
    ]
    (flag,) = savings_past_targets(proposal(items=items, metrics=[print_spend()]))
    assert "$125,000 a year" in flag.message
    assert "\u201cSaver 1\u201d, \u201cSaver 2\u201d, \u201cSaver 3\u201d and 2 more items" in (
        flag.message
    )


def test_a_saving_tied_to_two_money_measures_is_not_counted_against_either() -> None:
    repair = MetricInput(
        key=3,
        name="Spending on repairs",
        area=MetricArea.BUSINESS_RESULTS,
        unit="$",
        baseline=D(100000),
        target=D(95000),
    )
    shared = item(1, "Shared saver", annual_savings="200000", metric_keys=(1, 3))
    assert savings_past_targets(proposal(items=[shared], metrics=[print_spend(), repair])) == ()


def test_measures_not_in_money_or_without_a_target_are_left_alone() -> None:
    saver = item(1, "Saver", annual_savings="500000", metric_keys=(1, 2))
    hours = print_spend(unit="hours")
    no_target = print_spend(key=2, target=None)
    assert savings_past_targets(proposal(items=[saver], metrics=[hours, no_target])) == ()


def test_a_measure_whose_money_is_not_meant_to_fall_is_left_alone() -> None:
    """Money meant to rise (reimbursements received) or a placeholder target says nothing
    about savings: no question, and no advice to lower a target that is not a cut."""
    saver = item(1, "Saver", annual_savings="10", metric_keys=(1,))
    for baseline, target in (("0", "120000"), ("150000", "160000"), ("0", "0"), ("5", "5")):
        measure = print_spend(baseline=baseline, target=target)
        assert savings_past_targets(proposal(items=[saver], metrics=[measure])) == ()


def test_only_savings_the_cash_flows_count_are_added_up() -> None:
    """An item at quantity 0, or starting after the plan, saves nothing in the case."""
    none_bought = item(1, "None bought", quantity="0", annual_savings="100800", metric_keys=(1,))
    too_late = item(2, "Too late", start_year=6, annual_savings="100800", metric_keys=(1,))
    within = item(3, "Within", annual_savings="80000", metric_keys=(1,))
    flags = savings_past_targets(
        proposal(items=[none_bought, too_late, within], metrics=[print_spend()])
    )
    assert flags == ()


def test_other_currencies_compare_their_own_measures_only() -> None:
    saver = item(1, "Saver", annual_savings="100800", metric_keys=(1,))
    in_dollars = print_spend(unit="$")
    assert savings_past_targets(proposal(items=[saver], metrics=[in_dollars], currency="EUR")) == ()
    (flag,) = savings_past_targets(
        proposal(items=[saver], metrics=[print_spend(unit="€")], currency="EUR")
    )
    assert "EUR\u00a0100,800 a year in savings" in flag.message
    assert "more than the EUR\u00a090,000 a year" in flag.message


@pytest.mark.parametrize(
    ("unit", "currency", "in_money"),
    [
        ("$", "USD", True), ("$", "CAD", True), ("$", "AUD", True), ("C$", "CAD", True),
        ("cad", "CAD", True), ("US$", "USD", True), ("€", "EUR", True),
        ("$", "MXN", True), ("MX$", "MXN", True),
        ("$", "EUR", False), ("US$", "CAD", False), ("C$", "USD", False), ("%", "CAD", False),
    ],
)  # fmt: skip
def test_a_dollar_sign_is_the_districts_own_dollar(
    unit: str, currency: str, in_money: bool
) -> None:
    """A Canadian district measuring its print spend in "$" saw "20,000 $" and no check of the
    savings against it: "$" was taken for United States dollars only."""
    assert is_money_unit(unit, currency) is in_money


def test_the_result_and_the_summary_carry_the_question() -> None:
    licenses = item(1, "Curriculum licenses", annual_savings="100800", metric_keys=(1,))
    result = compute(proposal(items=[licenses], metrics=[print_spend()]))
    assert [flag.code for flag in result.savings_flags] == [SAVINGS_PAST_TARGET]
    data = summary_json(result)
    assert [flag["message"] for flag in data["savings_flags"]] == [result.savings_flags[0].message]


def test_long_and_blank_names_keep_the_question_one_readable_sentence() -> None:
    saver = item(1, "A" * 300, annual_savings="100800", metric_keys=(1,))
    blanks = [item(key, " \u202e ", annual_savings="1", metric_keys=(1,)) for key in (2, 3)]
    (flag,) = savings_past_targets(proposal(items=[saver, *blanks], metrics=[print_spend()]))
    assert "\u201c" + "A" * 79 + "\u2026\u201d and 2 unnamed items count" in flag.message
    assert len(flag.message) < 400
    measure = print_spend(baseline="1", target="0.50")
    (alone,) = savings_past_targets(proposal(items=[blanks[0]], metrics=[measure]))
    assert alone.message.startswith("An unnamed item counts $1 a year in savings")


def test_a_name_that_reverses_text_cannot_reorder_the_figures_after_it() -> None:
    """A name ending in U+202E (right-to-left override) turned the rest of the sentence,
    "counts $100,800.00 a year", into "raey a 00.008,001$ stnuoc" wherever it was shown."""
    reversing = item(1, "Licenses \u202e", annual_savings="100800", metric_keys=(1,))
    (flag,) = savings_past_targets(proposal(items=[reversing], metrics=[print_spend()]))
    assert flag.message.startswith("\u201cLicenses\u201d counts $100,800 a year")
    assert not any(char in flag.message for char in "\u202a\u202b\u202c\u202d\u202e\u2066\u2069")


def test_unnamed_items_are_counted_alike_wherever_they_stand() -> None:
    """An unnamed item first was named "an unnamed item"; last, it was "1 more item"."""
    named = [
        item(key, f"Saver {key}", annual_savings="40000", metric_keys=(1,)) for key in (1, 2, 3)
    ]
    blank = item(9, " ", annual_savings="40000", metric_keys=(1,))
    for order in ([blank, *named], [*named, blank]):
        (flag,) = savings_past_targets(proposal(items=order, metrics=[print_spend()]))
        assert "\u201cSaver 1\u201d, \u201cSaver 2\u201d, \u201cSaver 3\u201d and 1 more item " in (
            flag.message
        )
