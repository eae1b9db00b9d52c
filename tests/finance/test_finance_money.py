"""Money rounding and formatting as a director and a CFO read it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop.finance.money import (
    distinguishing_figures,
    format_count,
    format_money,
    format_money_short,
    format_payback,
    format_percent,
    format_rate,
    money_str,
    safe_ratio,
    to_cents,
)

D = Decimal


@pytest.mark.parametrize(
    ("amount", "expected"),
    [("0.125", "0.13"), ("0.135", "0.14"), ("-0.125", "-0.13"), ("2.675", "2.68"), ("1", "1.00")],
)
def test_to_cents_rounds_half_up_not_to_even(amount: str, expected: str) -> None:
    assert to_cents(D(amount)) == D(expected)


@pytest.mark.parametrize("amount", ["-0.001", "-0.004999", "-0", "-0.00"])
def test_a_sliver_below_zero_is_written_as_zero_not_minus_zero(amount: str) -> None:
    """A one-item plan's sensitivity printed "-0.00" in ``summary --json`` and -0 in the
    workbook: what goes out is plain zero."""
    from desktop.finance.money import money_str, without_minus_zero

    assert money_str(D(amount)) == "0.00"
    assert str(without_minus_zero(to_cents(D(amount)))) == "0.00"


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("1234.56", "USD", "$1,234.56"),
        ("-12", "USD", "\u2212$12.00"),
        ("0.005", "USD", "$0.01"),
        ("1234.5", "EUR", "EUR\u00a01,234.50"),  # a no-break space: the code stays with it
        ("1000000", "usd", "$1,000,000.00"),
    ],
)
def test_format_money(amount: str, currency: str, expected: str) -> None:
    assert format_money(D(amount), currency) == expected


def test_an_amount_in_a_currency_code_never_breaks_across_lines() -> None:
    """ "That is CAD" at the end of one line and "64.44" at the start of the next, in the PDF's
    paragraphs and table cells (and a wrapped label on screen)."""
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph

    amount = format_money(D("-1120782.03"), "CAD")
    paragraph = Paragraph(f"That is {amount} over the plan", getSampleStyleSheet()["Normal"])
    paragraph.wrap(100, 1000)  # room for the amount, not for a word beside it
    lines = [" ".join(line[1]) for line in paragraph.blPara.lines]
    assert amount in lines
    assert not any(line.endswith("CAD") for line in lines)


def test_a_figure_under_a_header_naming_its_currency_leaves_the_code_out() -> None:
    """A table's money columns say "(CAD)" once, in their header; a dollar figure keeps "$"."""
    assert format_money(D("-1234.5"), "CAD", code=False) == "\u22121,234.50"
    assert format_money(D("-1234.5"), "usd", code=False) == "\u2212$1,234.50"
    assert format_money(None, "CAD", code=False) == "\u2014"


def test_format_money_whole_units_and_missing_figure() -> None:
    assert format_money(D("1234.56"), "USD", cents=False) == "$1,235"
    assert format_money(None) == "\u2014"


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("1840000", "$1.84M"),
        ("212000", "$212k"),
        ("21250", "$21.3k"),
        ("999999", "$1M"),
        ("950.4", "$950"),
        ("-4500000", "\u2212$4.5M"),
        ("2500000000", "$2.5B"),
        ("-0.2", "$0"),
    ],
)
def test_format_money_short(amount: str, expected: str) -> None:
    assert format_money_short(D(amount)) == expected


@pytest.mark.parametrize(
    ("amount", "figures", "trim", "expected"),
    [
        ("1500000", 3, False, "$1.50M"),
        ("1500000", 3, True, "$1.5M"),
        ("-1466712000", 5, False, "\u2212$1.4667B"),
        ("999960", 5, False, "$999.96k"),  # not pushed up to "1M" when the places show it
        ("999999", 5, False, "$1.0000M"),
        ("950.4", 5, False, "$950"),
    ],
)
def test_format_money_short_keeps_places_and_more_figures(
    amount: str, figures: int, trim: bool, expected: str
) -> None:
    assert format_money_short(D(amount), figures=figures, trim=trim) == expected


def test_distinguishing_figures_tell_close_billions_apart() -> None:
    close = [D("-1470000000"), D("-1466000000"), D("-1473500000")]
    figures = distinguishing_figures(close)
    assert figures == 4
    assert len({format_money_short(amount, figures=figures) for amount in close}) == 3
    # Figures that already differ at three keep three; a few dollars apart is beyond a chart,
    # and below the resolution asked for it does not count.
    assert distinguishing_figures([D("1840000"), D("212000")]) == 3
    assert distinguishing_figures([D("1470000000"), D("1470000004")]) == 6
    assert distinguishing_figures([D("1470000000"), D("1470000004")], resolution=D(1000)) == 3


def test_format_percent() -> None:
    assert format_percent(D("0.125")) == "13%"
    assert format_percent(D("0.125"), 1) == "12.5%"
    assert format_percent(D("-0.05")) == "\u22125%"
    assert format_percent(None) == "\u2014"


def test_format_rate_shows_a_rate_as_entered() -> None:
    assert format_rate(D("0.03")) == "3%"
    assert format_rate(D("0.0275")) == "2.75%"
    assert format_rate(D("0.030")) == "3%"
    assert format_rate(D("1.5")) == "150%"
    assert format_rate(D("-0.005")) == "\u22120.5%"
    assert format_rate(None) == "\u2014"


def test_format_payback_words_the_year_or_its_absence() -> None:
    assert format_payback(3) == "Year 3"
    labels = ("2027\u201328", "2028\u201329", "2029\u201330")
    assert format_payback(2, labels) == "Year 2 (2028\u201329)"
    assert format_payback(3, ("2027", "2028", "2029")) == "Year 3 (2029)"
    assert format_payback(None, labels) == "Not within the plan"
    assert format_payback(None, labels, spent=False) == "\u2014"  # nothing to pay back


def test_format_count_says_one_thing_or_many() -> None:
    assert format_count(1, "scenario") == "1 scenario"
    assert format_count(0, "scenario") == "0 scenarios"
    assert format_count(12_500, "row") == "12,500 rows"
    assert format_count(2, "item has", "items have") == "2 items have"
    assert format_count(1, "item has", "items have") == "1 item has"


def test_money_str_is_plain_with_two_places() -> None:
    assert money_str(D("1234.5")) == "1234.50"
    assert money_str(D("-0.10") + D("0.20")) == "0.10"


def test_safe_ratio_never_divides_by_zero() -> None:
    assert safe_ratio(D(5), D(0)) is None
    assert safe_ratio(D(1), D(3)) == D("0.333333")


def test_a_short_amount_under_a_thousand_never_reads_as_a_fraction_of_a_thousand() -> None:
    assert format_money_short(D("999.70"), figures=6) == "$1000"
    assert format_money_short(D("1000.40"), figures=6, trim=False) == "$1.00040k"


def test_a_ratio_a_sliver_below_zero_is_plain_zero() -> None:
    """summary --json printed a benefit-cost ratio of "-0.000000" for benefits a sliver below
    zero: a minus sign on nothing, which a script reading it takes for a loss."""
    ratio = safe_ratio(Decimal("-0.01"), Decimal("30000000"))
    assert ratio == 0 and f"{ratio:f}" == "0.000000"
    assert f"{safe_ratio(Decimal('-1'), Decimal('4'))}" == "-0.250000"
